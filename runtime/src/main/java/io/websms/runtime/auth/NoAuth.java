package io.websms.runtime.auth;

import com.google.auto.service.AutoService;
import io.websms.api.AuthScheme;
import io.websms.api.InterfaceConfig;
import io.websms.api.OutboundRequest;

/** {@code auth_method = none}: the request goes out without credentials. */
@AutoService(AuthScheme.class)
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
