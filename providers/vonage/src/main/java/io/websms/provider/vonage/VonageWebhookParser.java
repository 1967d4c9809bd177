package io.websms.provider.vonage;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;
import io.websms.provider.generic.GenericStatusParser;

import java.util.List;

/**
 * Vonage's inbound SMS, sent to the account's inbound webhook as a GET (query), a form POST or a JSON POST:
 * {@code msisdn} (the sender), {@code to} (your Vonage number), {@code messageId} (the id), {@code type}
 * ({@code text}, {@code unicode} or {@code binary}) and {@code text}. Numbers come as Vonage writes them
 * ({@code 447700900001}) and are kept as sent. Vonage sends each part of a long SMS as a webhook of its own
 * ({@code concat=true}, {@code concat-part} of {@code concat-total}): each reaches the phone as its own message. A
 * {@code binary} message has no text and a delivery receipt posted to the inbound URL by mistake has no message:
 * both are acknowledged and ignored.
 */
final class VonageWebhookParser implements WebhookParser {

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String to = request.parameter("to").map(String::strip).orElse("");
        String from = request.parameter("msisdn").map(String::strip).orElse("");
        if (to.isEmpty()) {
            throw WebhookException.badRequest("to", "the destination number is missing");
        }
        if (from.isEmpty()) {
            throw WebhookException.badRequest("msisdn", "the sender is missing");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest("to", "not a phone number (digits with an optional leading +)");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest("msisdn", "not a phone number or sender name");
        }
        Message.Builder message = Message.builder().to(to).from(from).body(request.parameter("text").orElse(""));
        if (request.parameter("messageId").isPresent()) {
            message.id(GenericStatusParser.messageId(request.parameter("messageId").get(), "messageId"));
        }
        return message.build();
    }

    @Override
    public List<Message> parseAll(InboundRequest request, InterfaceConfig config) throws WebhookException {
        if (request.parameter("type").map(String::strip).filter("binary"::equalsIgnoreCase).isPresent()) {
            return List.of(); // binary data (a ringtone, a WAP push): nothing a phone shows as text
        }
        if (request.parameter("text").isEmpty() && (request.parameter("status").isPresent() || request.parameter("err-code").isPresent())) {
            return List.of(); // a delivery receipt
        }
        return List.of(parse(request, config));
    }
}
