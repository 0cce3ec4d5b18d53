package org.astroarchive.testsupport;

/**
 * A real Keycloak with the realm of {@code deploy/keycloak/archive-realm.json} for {@code @QuarkusTest}s; one per
 * test JVM (its start takes 20 s or more), see {@link SharedComponents}.
 */
public class KeycloakResource extends ComponentResource {
    public KeycloakResource() {
        super(LocalComponent.Kind.KEYCLOAK, ArchiveConfig::keycloak);
    }
}
