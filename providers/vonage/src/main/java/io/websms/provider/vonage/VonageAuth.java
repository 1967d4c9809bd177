package io.websms.provider.vonage;

import io.websms.api.AuthScheme;
import io.websms.api.ConfigProblem;
import io.websms.api.InterfaceConfig;
import io.websms.api.OutboundRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Vonage's credentials, in the form: {@code api_key} ({@code auth_user}) and {@code api_secret}
 * ({@code auth_secret}); or, when {@code auth_secret} is empty and {@code signature_secret} is set, a signed request:
 * {@code api_key}, {@code timestamp} (Unix seconds) and {@code sig} over every field ({@link VonageSigning}), with
 * the secret itself never sent (Vonage refuses a request that has both, status 32). The provider always uses this
 * scheme, whatever {@code auth_method} says.
 */
final class VonageAuth implements AuthScheme {

    private final Clock clock;

    VonageAuth() {
        this(Clock.systemUTC());
    }

    VonageAuth(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "vonage";
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, InterfaceConfig config) {
        if (!config.isSet("auth_user")) {
            return request;
        }
        OutboundRequest.Builder signed = request.newBuilder().field("api_key", config.value("auth_user"));
        if (config.isSet("auth_secret")) {
            return signed.field("api_secret", config.value("auth_secret")).build();
        }
        Optional<VonageSigning.Method> method = VonageSigning.Method.named(config.value(VonageSigning.METHOD_KEY));
        if (!config.isSet(VonageSigning.SECRET_KEY) || method.isEmpty()) {
            return signed.build();
        }
        OutboundRequest withTime = signed.field("timestamp", Long.toString(clock.instant().getEpochSecond())).build();
        String sig = VonageSigning.sign(withTime.fields(), config.value(VonageSigning.SECRET_KEY), method.get());
        return withTime.newBuilder().field("sig", sig).build();
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (!config.isSet("auth_user")) {
            problems.add(ConfigProblem.error("auth_user", "Vonage needs your API key, and auth_user is not set",
                    "set auth_user to the API key of your Vonage dashboard"));
        }
        if (!config.isSet("auth_secret") && !config.isSet(VonageSigning.SECRET_KEY)) {
            problems.add(ConfigProblem.error("auth_secret", "neither auth_secret (the API secret) nor signature_secret is set, so Vonage refuses every message",
                    "set auth_secret to the API secret of your Vonage dashboard, or signature_secret to sign requests instead"));
        }
        return problems;
    }
}
