package org.astroarchive.gateway.config;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** Gateway settings ({@code gateway.*}). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Base URL of each service behind the gateway, by service name. */
    Map<String, String> services();
}
