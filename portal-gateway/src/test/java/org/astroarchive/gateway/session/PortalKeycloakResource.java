package org.astroarchive.gateway.session;

import java.util.Map;
import org.astroarchive.testsupport.ComponentResource;
import org.astroarchive.testsupport.Keycloak;
import org.astroarchive.testsupport.LocalComponent;

/** The shared test Keycloak as the gateway's provider (its own client, archive-portal, comes from the gateway's config). */
public class PortalKeycloakResource extends ComponentResource {
    public PortalKeycloakResource() {
        super(LocalComponent.Kind.KEYCLOAK, keycloak -> Map.of("archive.oidc.url", Keycloak.of(keycloak).issuer()));
    }
}
