package org.astroarchive.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    /** This JVM's C1/C2 compiler threads have compiled its start-up code: a part, not all, of its CPU time. */
    @Test
    void countsTheJitCompilerThreadsOfAJvm() {
        long pid = ProcessHandle.current().pid();
        double jit = ProcessCpu.compilerSeconds(pid);
        double all = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis() / 1000.0;
        assertThat(jit).isPositive().isLessThan(all + 0.02); // /proc counts in 10 ms ticks
        assertThat(ProcessCpu.compilerSeconds(Long.MAX_VALUE)).as("no such process").isNaN();
    }
}
