package io.websms.provider.generic;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;

import java.util.List;

/**
 * Reads {@code key_to}, {@code key_from} and {@code key_body} from a webhook, each from the shallowest place it
 * appears, so that nothing inside the text of a message can set its envelope:
 * <ol>
 *   <li>the request's own parameters (query, then body fields; the last value of a name counting, as in PHP);</li>
 *   <li>for a key missing there, the members of a parameter whose value is a JSON object or array, decoded once
 *       (Zadarma's {@code result}, a generic {@code data={…}} field), breadth first: the shallowest member wins,
 *       the last one at that depth counting.</li>
 * </ol>
 * The value taken as the body is never decoded, nor is any string found inside JSON: a text that is itself JSON
 * arrives as sent. (The original walked into every JSON value at any depth, so such a text could set the numbers:
 * a deliberate difference.) A missing body is an empty message. Unlike the original, numbers are checked, since
 * they end up in an Asterisk call file: the destination must be digits with an optional leading {@code +}; the
 * sender may also be an alphanumeric sender name. The walk is {@link ShallowestFields}, shared with
 * {@link GenericStatusParser}.
 */
public final class GenericWebhookParser implements WebhookParser {

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String keyTo = config.value("key_to");
        String keyFrom = config.value("key_from");
        String keyBody = config.value("key_body");
        String[] found = ShallowestFields.find(request, List.of(keyTo, keyFrom, keyBody), keyBody);
        String to = found[0] == null ? null : found[0].strip();
        String from = found[1] == null ? null : found[1].strip();
        if (to == null || to.isBlank()) {
            throw WebhookException.badRequest(keyTo, "the destination number is missing");
        }
        if (from == null || from.isBlank()) {
            throw WebhookException.badRequest(keyFrom, "the sender is missing");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest(keyTo, "not a phone number (digits with an optional leading +)");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest(keyFrom, "not a phone number or sender name");
        }
        String body = found[2];
        return Message.builder().to(to).from(from).body(body == null ? "" : body).build();
    }
}
