package org.astroarchive.cutmerge.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.astroarchive.security.AccessRulesUnavailableException;
import org.astroarchive.security.Caller;
import org.astroarchive.security.CollectionAccess;
import org.astroarchive.security.CurrentCaller;

/**
 * Issue 6: the data of a private collection are cut, merged and selected only for the members of its group, checked
 * here, in this service, before any file is read. An anonymous caller gets 401 (with the login challenges), another
 * user 403.
 */
@ApplicationScoped
public class CollectionGuard {

    private final CurrentCaller caller;
    private final CollectionAccess access;

    public CollectionGuard(CurrentCaller caller, CollectionAccess access) {
        this.caller = caller;
        this.access = access;
    }

    /**
     * Refuses the request unless the caller may read every collection the IDs name. IDs this guard cannot read are
     * left to the service, which answers them with a UsageFault.
     *
     * @throws AccessRulesUnavailableException when the rules cannot be read (fail closed: answer 503)
     */
    public void check(Collection<String> ids) {
        for (String id : ids) {
            Optional<String> collection = collectionOf(id);
            if (collection.isEmpty()) {
                continue;
            }
            String group = access.requiredGroup(collection.get());
            Caller who = caller.get();
            if (group != null && !who.inGroup(group)) {
                if (!who.authenticated()) {
                    throw new UnauthorizedException(collection.get() + " is a private collection: log in");
                }
                throw new ForbiddenException("collection " + collection.get() + " is private to the members of group "
                        + group + ", and " + who.name() + " is not one");
            }
        }
    }

    /**
     * The collection an ID names: {@code ivo://<authority>/<schema.table>?<key>} (a row) → the schema;
     * {@code ivo://<authority>/<collection>?<scope:name>} (a dataset) → the collection; {@code scope:name} → the scope.
     */
    static Optional<String> collectionOf(String id) {
        String text = id == null ? "" : id.strip();
        if (text.regionMatches(true, 0, "ivo://", 0, 6)) {
            int slash = text.indexOf('/', 6);
            int query = text.indexOf('?');
            if (slash < 0 || query < slash) {
                return Optional.empty();
            }
            String path = text.substring(slash + 1, query);
            int dot = path.indexOf('.');
            return Optional.of((dot < 0 ? path : path.substring(0, dot)).toLowerCase(Locale.ROOT));
        }
        int colon = text.indexOf(':');
        return colon > 0 ? Optional.of(text.substring(0, colon).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
