package org.astroarchive.importer.security;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import org.astroarchive.importer.config.ImporterConfig;
import org.astroarchive.security.Caller;
import org.astroarchive.security.CurrentCaller;

/**
 * Issue 6: only archive operators write to the archive (upload files, change collection descriptions). Checked here,
 * in the importer itself, so a caller reaching it past the gateway gets no further. Anonymous callers get 401 with the
 * Basic and Bearer challenges, authenticated ones outside the group 403 with the reason.
 */
@ApplicationScoped
public class OperatorGuard {

    private final CurrentCaller caller;
    private final ImporterConfig config;

    public OperatorGuard(CurrentCaller caller, ImporterConfig config) {
        this.caller = caller;
        this.config = config;
    }

    /** The operator making the request; refuses anyone else. {@code action} says what was refused ("uploading files"). */
    public Caller requireOperator(String action) {
        Caller who = caller.get();
        String group = config.operatorsGroup();
        if (!who.authenticated()) {
            throw new UnauthorizedException(action + " needs the credentials of an archive operator (group " + group + ")");
        }
        if (!who.inGroup(group)) {
            throw new ForbiddenException(action + " is for the members of group " + group + ", and " + who.name()
                    + " is not one");
        }
        return who;
    }
}
