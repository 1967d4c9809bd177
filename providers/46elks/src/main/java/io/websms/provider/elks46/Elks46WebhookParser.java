package io.websms.provider.elks46;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;

import java.util.ArrayList;
import java.util.List;

/**
 * 46elks's incoming SMS (its {@code sms_url}) and MMS ({@code mms_url}): the form fields {@code to}, {@code from},
 * {@code message} and {@code id}, and for an MMS the picture links {@code image}, {@code image2}, {@code image3} …
 * as the message's media. The sender may be a text sender ID ({@code SMSElk}); a missing text is an empty message.
 * A delivery report posted here by mistake ({@code id} and {@code status}, no numbers) carries no message: it is
 * acknowledged and counted, not refused.
 */
final class Elks46WebhookParser implements WebhookParser {

    /** Pictures read from one MMS at most: 46elks documents four; a bound keeps a forged request from listing thousands. */
    static final int MAX_IMAGES = 20;

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String to = request.parameter("to").map(String::strip).orElse("");
        String from = request.parameter("from").map(String::strip).orElse("");
        if (to.isEmpty()) {
            throw WebhookException.badRequest("to", "the destination number is missing");
        }
        if (from.isEmpty()) {
            throw WebhookException.badRequest("from", "the sender is missing");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest("to", "not a phone number (digits with an optional leading +)");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest("from", "not a phone number or sender name");
        }
        Message.Builder message = Message.builder().to(to).from(from).body(request.parameter("message").orElse(""));
        request.parameter("id").map(String::strip).filter(id -> !id.isEmpty()).ifPresent(message::id);
        return message.media(images(request)).build();
    }

    @Override
    public List<Message> parseAll(InboundRequest request, InterfaceConfig config) throws WebhookException {
        boolean deliveryReport = request.parameter("status").isPresent() && request.parameter("id").isPresent()
                && request.parameter("to").isEmpty() && request.parameter("from").isEmpty();
        return deliveryReport ? List.of() : List.of(parse(request, config));
    }

    /** {@code image}, {@code image2}, {@code image3} …, in order, up to the first one missing. */
    private static List<String> images(InboundRequest request) {
        List<String> images = new ArrayList<>();
        for (int i = 1; i <= MAX_IMAGES; i++) {
            String url = request.parameter(i == 1 ? "image" : "image" + i).map(String::strip).orElse("");
            if (url.isEmpty()) {
                break;
            }
            images.add(url);
        }
        return images;
    }
}
