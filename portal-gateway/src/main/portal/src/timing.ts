/** Where the time of one step went, as the browser can see it, plus what the server reports. */
export interface Timings {
  /** name → milliseconds, in the order measured */
  steps: [string, number][];
  /** Server-Timing entries (W3C Server Timing) of the responses, when the server sends them */
  server: [string, number][];
}

export function newTimings(): Timings {
  return { steps: [], server: [] };
}

export async function timed<T>(timings: Timings, step: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings.steps.push([step, performance.now() - start]);
  }
}

/** `db;dur=12.3, render;dur=4;desc="VOTable"` → [["db", 12.3], ["render (VOTable)", 4]] */
export function parseServerTiming(header: string | null): [string, number][] {
  if (!header) return [];
  const entries: [string, number][] = [];
  for (const metric of header.split(',')) {
    const [name, ...params] = metric.split(';').map((s) => s.trim());
    if (!name) continue;
    let duration = NaN;
    let description = '';
    for (const param of params) {
      const [key, raw = ''] = param.split('=').map((s) => s.trim());
      const value = raw.replace(/^"|"$/g, '');
      if (key.toLowerCase() === 'dur') duration = Number(value);
      if (key.toLowerCase() === 'desc') description = value;
    }
    if (!Number.isNaN(duration)) entries.push([description ? `${name} (${description})` : name, duration]);
  }
  return entries;
}

export function formatMillis(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function describeTimings(t: Timings): string {
  const parts = t.steps.map(([name, ms]) => `${name} ${formatMillis(ms)}`);
  if (t.server.length) {
    parts.push(`server: ${t.server.map(([name, ms]) => `${name} ${formatMillis(ms)}`).join(', ')}`);
  }
  return parts.join(' · ');
}
