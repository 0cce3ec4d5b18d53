package org.astroarchive.tap.adql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.astroarchive.tap.schema.TapSchema;
import org.astroarchive.testsupport.ArchiveDatabase;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** JSqlParser runs each parse on a thread of its own (for its time limit): the translator reuses those threads. */
class ParserThreadsTest {

    @Test
    void reusesParserThreadsAcrossQueries() throws Exception {
        LocalComponent postgres = SharedComponents.get(LocalComponent.Kind.POSTGRES);
        ArchiveDatabase.migrate(postgres);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(ArchiveDatabase.jdbcUrl(postgres));
        dataSource.setUser("postgres");
        AdqlTranslator translator = new AdqlTranslator(new TapSchema(dataSource));
        AdqlTranslator.Rights everything = new AdqlTranslator.Rights(Set.of(), Set.of());
        int queries = 40;
        for (int i = 0; i < queries; i++) {
            assertThat(translator.translate("SELECT TOP " + (i + 1) + " table_name FROM TAP_SCHEMA.tables", 100, List.of(),
                    everything).sql()).containsIgnoringCase("LIMIT " + (i + 1));
        }
        long parserThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("adql-parser")).count();
        // JSqlParser on its own starts one per query; idle ones are reused (a few more if one was not yet idle)
        assertThat(parserThreads).isBetween(1L, (long) queries / 4);
        assertThatThrownBy(() -> translator.translate("SELEC 1", 100, List.of(), everything)).isInstanceOf(AdqlException.class);
    }
}
