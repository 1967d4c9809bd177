package io.websms.provider.telnyx;

import io.websms.api.AuthScheme;
import io.websms.api.ConfigProblem;
import io.websms.api.InterfaceConfig;
import io.websms.api.OutboundRequest;

import java.util.List;

/**
 * Telnyx's API v2 takes the API key as a bearer token: {@code Authorization: Bearer <auth_secret>}, whatever
 * {@code auth_method} says. Not registered as an auth scheme of its own: only the telnyx provider uses it.
 */
final class TelnyxAuth implements AuthScheme {

    @Override
    public String name() {
        return "telnyx-bearer";
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, InterfaceConfig config) {
        String key = config.value("auth_secret").strip();
        return key.isEmpty() ? request : request.newBuilder().header("Authorization", "Bearer " + key).build();
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        if (config.value("auth_secret").isBlank()) {
            return List.of(ConfigProblem.error("auth_secret", "Telnyx needs your API key in auth_secret; without it every message is refused (401)",
                    "set auth_secret to an API key from Mission Control: API Keys"));
        }
        return List.of();
    }
}
