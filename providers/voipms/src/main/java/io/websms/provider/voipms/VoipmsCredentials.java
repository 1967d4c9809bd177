package io.websms.provider.voipms;

import io.websms.api.AuthScheme;
import io.websms.api.ConfigProblem;
import io.websms.api.InterfaceConfig;
import io.websms.api.OutboundRequest;

import java.util.List;

/**
 * VoIP.ms's credentials: {@code api_username} (the e-mail address the account logs in with, {@code auth_user}) and
 * {@code api_password} (the API password set in the portal, {@code auth_secret}), two more parameters of the call.
 * Only when both are set; VoIP.ms answers a call without them with an error status.
 */
final class VoipmsCredentials implements AuthScheme {

    @Override
    public String name() {
        return "voipms";
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, InterfaceConfig config) {
        if (!config.isSet("auth_user") || !config.isSet("auth_secret")) {
            return request;
        }
        return request.newBuilder().field("api_username", config.value("auth_user")).field("api_password", config.value("auth_secret")).build();
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        if (config.isSet("auth_user") && config.isSet("auth_secret")) {
            return List.of();
        }
        return List.of(ConfigProblem.warning(config.isSet("auth_user") ? "auth_secret" : "auth_user",
                "VoIP.ms needs auth_user (the e-mail address you log in with) and auth_secret (the API password); without both, VoIP.ms refuses every message",
                "set auth_user and auth_secret; the API password is set, and the API enabled, in VoIP.ms's portal under Main Menu > SOAP and REST/JSON API"));
    }
}
