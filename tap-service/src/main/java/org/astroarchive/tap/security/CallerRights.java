package org.astroarchive.tap.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.astroarchive.security.Caller;
import org.astroarchive.security.CollectionAccess;
import org.astroarchive.security.CurrentCaller;
import org.astroarchive.tap.adql.AdqlTranslator;
import org.astroarchive.tap.schema.PublishedTable;

/**
 * Who asks and what they may read (issue 6): private collections ({@code archive.collection_access}) are enforced
 * here, inside the TAP service, for every way in: queries (sync and async, uploads joined with them), TAP_SCHEMA
 * and VOSI tables.
 */
@ApplicationScoped
public class CallerRights {

    private final CurrentCaller current;
    private final CollectionAccess access;

    public CallerRights(CurrentCaller current, CollectionAccess access) {
        this.current = current;
        this.access = access;
    }

    /** The caller of the current request. */
    public Caller caller() {
        return current.get();
    }

    /**
     * What {@code caller} may read.
     *
     * @throws org.astroarchive.security.AccessRulesUnavailableException when the rules cannot be read (fail closed)
     */
    public AdqlTranslator.Rights of(Caller caller) {
        Set<String> hidden = access.hiddenSchemas(caller).stream().map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        // the groups travel to PostgreSQL as one comma-separated setting: a name with a comma could forge another
        Set<String> groups = caller.groups().stream().filter(g -> !g.contains(",")).collect(Collectors.toUnmodifiableSet());
        return new AdqlTranslator.Rights(hidden, groups);
    }

    /** Whether the current caller may see {@code table} (VOSI tables). */
    public boolean maySee(AdqlTranslator.Rights rights, PublishedTable table) {
        return !rights.hiddenSchemas().contains(table.schemaName().toLowerCase(Locale.ROOT));
    }
}
