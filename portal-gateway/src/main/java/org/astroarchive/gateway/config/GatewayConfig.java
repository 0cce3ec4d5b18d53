package org.astroarchive.gateway.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gateway settings ({@code gateway.*}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Base URL of each service behind the gateway, by service name. */
    Map<String, String> services();

    /** Cross-origin access to the VO routes. */
    Cors cors();

    interface Cors {
        /**
         * Origins ({@code https://host[:port]}) whose scripts may call the VO routes with credentials (a bearer
         * token, or the portal session when that origin shares the site). Empty (the default): same origin only.
         * {@code *}: any origin, but then never with credentials.
         */
        Optional<List<String>> origins();
    }
}
