package io.websms.provider.twiliolike;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;
import io.websms.provider.generic.GenericWebhookParser;

/** The generic webhook fields ({@code To}, {@code From}, {@code Body}), with {@code MessageSid} as the message id. */
final class TwilioLikeWebhookParser implements WebhookParser {

    private final WebhookParser generic = new GenericWebhookParser();

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        Message message = generic.parse(request, config);
        return request.parameter("MessageSid").map(sid -> message.toBuilder().id(sid).build()).orElse(message);
    }
}
