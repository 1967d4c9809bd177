package io.websms.api.auth;

import io.websms.api.AuthScheme;
import io.websms.api.ConfigProblem;
import io.websms.api.InterfaceConfig;
import io.websms.api.OutboundRequest;

import java.util.List;

/**
 * {@code auth_method = plain}: the credentials travel as two more fields, {@code key_user = auth_user} and
 * {@code key_secret = auth_secret}. As in the original, only when all four keys are set.
 */
public final class PlainAuth implements AuthScheme {

    private static final List<String> NEEDED = List.of("key_user", "auth_user", "key_secret", "auth_secret");

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, InterfaceConfig config) {
        if (!NEEDED.stream().allMatch(config::isSet)) {
            return request;
        }
        return request.newBuilder()
                .field(config.value("key_user"), config.value("auth_user"))
                .field(config.value("key_secret"), config.value("auth_secret"))
                .build();
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        List<String> missing = NEEDED.stream().filter(k -> !config.isSet(k)).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of(ConfigProblem.warning("auth_method",
                "auth_method = plain needs " + String.join(", ", NEEDED) + "; " + String.join(", ", missing)
                        + (missing.size() == 1 ? " is" : " are") + " not set, so messages go out without credentials",
                "set " + String.join(" and ", missing) + ", or write auth_method = none if the ITSP needs no credentials"));
    }
}
