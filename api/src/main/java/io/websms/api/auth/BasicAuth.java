package io.websms.api.auth;

import io.websms.api.AuthScheme;
import io.websms.api.ConfigProblem;
import io.websms.api.InterfaceConfig;
import io.websms.api.OutboundRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * {@code auth_method = basic} (the default): {@code Authorization: Basic base64(auth_user:auth_secret)}. As in the
 * original, only when both keys are set; otherwise the request goes out without credentials.
 */
public final class BasicAuth implements AuthScheme {

    @Override
    public String name() {
        return "basic";
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, InterfaceConfig config) {
        if (!config.isSet("auth_user") || !config.isSet("auth_secret")) {
            return request;
        }
        String credentials = config.value("auth_user") + ":" + config.value("auth_secret");
        return request.newBuilder()
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        if (config.isSet("auth_user") && config.isSet("auth_secret")) {
            return List.of();
        }
        return List.of(ConfigProblem.warning("auth_method",
                "auth_method = basic (the default) needs auth_user and auth_secret; without both, messages go out without credentials",
                "set auth_user and auth_secret, or write auth_method = none if the ITSP needs no credentials"));
    }
}
