package org.astroarchive.gateway.session;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;
import org.astroarchive.testsupport.SharedComponents;

/**
 * The shared test Keycloak as the gateway's provider (its client, archive-portal, comes from the gateway's config).
 * Each test profile restarts Quarkus in a new class loader, which would start another Keycloak through
 * {@link SharedComponents}; the first one's issuer is kept in a system property (JVM-wide) and reused instead.
 * It is stopped when the JVM exits.
 */
public class PortalKeycloakResource implements QuarkusTestResourceLifecycleManager {

    private static final String ISSUER = "portal-gateway.test.keycloak.issuer";

    @Override
    public Map<String, String> start() {
        synchronized (System.class) {
            String issuer = System.getProperty(ISSUER);
            if (issuer == null) {
                issuer = Keycloak.of(SharedComponents.get(LocalComponent.Kind.KEYCLOAK)).issuer();
                System.setProperty(ISSUER, issuer);
            }
            return Map.of("archive.oidc.url", issuer);
        }
    }

    @Override
    public void stop() {
        // shared: stopped at JVM exit
    }
}
