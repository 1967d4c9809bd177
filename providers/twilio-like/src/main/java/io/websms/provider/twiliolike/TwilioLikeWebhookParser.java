package io.websms.provider.twiliolike;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;
import io.websms.provider.generic.GenericWebhookParser;

import java.util.ArrayList;
import java.util.List;

/**
 * The generic webhook fields ({@code To}, {@code From}, {@code Body}), with {@code MessageSid} as the message id, and
 * an MMS's {@code MediaUrl0} … {@code MediaUrl(NumMedia-1)} as its media.
 */
final class TwilioLikeWebhookParser implements WebhookParser {

    private final WebhookParser generic = new GenericWebhookParser();

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        Message message = generic.parse(request, config);
        Message.Builder built = message.toBuilder();
        request.parameter("MessageSid").ifPresent(built::id);
        int count = request.parameter("NumMedia").filter(n -> n.matches("\\d{1,2}")).map(Integer::parseInt).orElse(0);
        List<String> media = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            request.parameter("MediaUrl" + i).ifPresent(media::add);
        }
        return built.media(media).build();
    }
}
