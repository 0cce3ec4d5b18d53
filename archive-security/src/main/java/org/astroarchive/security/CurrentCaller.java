package org.astroarchive.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/** The {@link Caller} of the current request, for resources and services (request context active). */
@ApplicationScoped
public class CurrentCaller {

    private final SecurityIdentity identity;
    private final SecurityConfig config;

    public CurrentCaller(SecurityIdentity identity, SecurityConfig config) {
        this.identity = identity;
        this.config = config;
    }

    public Caller get() {
        return Caller.of(identity, config.groupsClaim());
    }
}
