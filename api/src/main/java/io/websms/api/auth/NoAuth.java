package io.websms.api.auth;

import io.websms.api.AuthScheme;
import io.websms.api.InterfaceConfig;
import io.websms.api.OutboundRequest;

/** {@code auth_method = none}: the request goes out without credentials. */
public final class NoAuth implements AuthScheme {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, InterfaceConfig config) {
        return request;
    }
}
