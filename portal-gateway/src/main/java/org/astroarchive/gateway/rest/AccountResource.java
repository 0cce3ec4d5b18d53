package org.astroarchive.gateway.rest;

import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.astroarchive.gateway.session.BrowserSession;
import org.astroarchive.gateway.session.BrowserSession.Account;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Browser login with the OIDC authorization code flow (quarkus-oidc, client {@code archive-portal}):
 * {@code /login} starts it, {@code /logout} ends the session, {@code /api/whoami} says who is logged in.
 */
@Path("/")
public class AccountResource {

    /** quarkus-oidc's identity attribute holding the provider's discovery document. */
    private static final String PROVIDER_METADATA = "configuration-metadata";

    private final OidcSession session;
    private final String clientId;

    public AccountResource(OidcSession session, @ConfigProperty(name = "quarkus.oidc.client-id") String clientId) {
        this.session = session;
        this.clientId = clientId;
    }

    /**
     * Logs in (the provider's login page, then back here) and returns to {@code redirect}, a path of this site
     * (default {@code /}). Already logged in: straight to {@code redirect}.
     */
    @GET
    @Path("login")
    public Uni<Response> login(@QueryParam("redirect") String redirect, @Context RoutingContext context) {
        String target = BrowserSession.safeTarget(redirect).orElse(null);
        if (target == null) {
            return Uni.createFrom().item(problem(400, "Redirect target refused",
                    "redirect must be a path of this site (starting with a single /), not " + redirect,
                    "Use e.g. /login?redirect=/ or leave redirect out."));
        }
        return BrowserSession.identityCompletingLogin(context).map(identity -> {
            if (identity == null) {
                // the OIDC mechanism's challenge: a redirect to the provider, which comes back to this request
                throw new UnauthorizedException();
            }
            return Response.seeOther(URI.create(target)).build();
        });
    }

    /**
     * Ends the session: the cookie is removed and, when the provider has an end-session endpoint (OIDC
     * RP-Initiated Logout 1.0), its session too, returning to the portal; otherwise the logout is local.
     */
    @GET
    @Path("logout")
    public Uni<Response> logout(@Context RoutingContext context, @Context UriInfo uri) {
        URI home = uri.getBaseUri();
        return BrowserSession.identity(context).flatMap(identity -> {
            if (identity == null) {
                return Uni.createFrom().item(Response.seeOther(home).build());
            }
            URI next = endSessionUri(identity, home);
            return session.logout().map(done -> Response.seeOther(next).build());
        });
    }

    @GET
    @Path("api/whoami")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> whoami(@Context RoutingContext context) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return BrowserSession.identity(context).map(identity -> {
            Account account = BrowserSession.account(identity);
            return Response.ok(account).cacheControl(noStore).build();
        });
    }

    private URI endSessionUri(SecurityIdentity identity, URI home) {
        OidcConfigurationMetadata metadata = identity.getAttribute(PROVIDER_METADATA);
        IdTokenCredential idToken = identity.getCredential(IdTokenCredential.class);
        if (metadata == null || metadata.getEndSessionUri() == null || idToken == null) {
            return home;
        }
        String end = metadata.getEndSessionUri();
        return URI.create(end + (end.contains("?") ? "&" : "?") + "client_id=" + encode(clientId)
                + "&id_token_hint=" + encode(idToken.getToken()) + "&post_logout_redirect_uri=" + encode(home.toString()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Response problem(int status, String title, String detail, String hint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("hint", hint);
        return Response.status(status).type("application/problem+json").entity(body).build();
    }
}
