package io.websms.provider.twiliolike;

import io.websms.api.FormEncoding;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.RequestMapper;
import io.websms.provider.generic.GenericRequestMapper;

import java.net.URI;

/**
 * The generic form request, with {@code {auth_user}} in the URL replaced by the account SID, as Twilio's
 * {@code /2010-04-01/Accounts/{AccountSid}/Messages.json} needs.
 */
final class TwilioLikeRequestMapper implements RequestMapper {

    private final RequestMapper generic = new GenericRequestMapper();

    @Override
    public OutboundRequest map(Message message, InterfaceConfig config) throws InvalidMessageException {
        OutboundRequest request = generic.map(message, config);
        String url = request.uri().toString();
        if (!url.contains("{auth_user}")) {
            return request;
        }
        String account = FormEncoding.encodeComponent(config.value("auth_user"));
        return request.newBuilder().uri(URI.create(url.replace("{auth_user}", account))).build();
    }
}
