package io.websms.provider.zadarma;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.JsonException;
import io.websms.api.JsonView;
import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;

import java.util.List;

/**
 * Reads Zadarma's {@code event=SMS} webhook: the message is the JSON object in the one {@code result} field of the
 * body, the value {@link ZadarmaSignatureVerifier} checks, and nothing else. Zadarma signs only that field, so every
 * other field and the query string are ignored, and a request with a second {@code result} (in the body or the
 * query) is refused: which of the two was signed could not be told. {@code key_to}, {@code key_from} and
 * {@code key_body} name members of that object ({@code caller_did}, {@code caller_id}, {@code text}); a missing text
 * is an empty message. The text is taken exactly as sent, never read further as JSON. The api's {@link JsonView}
 * reads it strictly: a member given twice, or anything after the object, makes it no JSON.
 */
final class ZadarmaWebhookParser implements WebhookParser {

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        JsonView result = object(result(request));
        String keyTo = config.value("key_to");
        String keyFrom = config.value("key_from");
        String keyBody = config.value("key_body");
        String to = member(result, keyTo).strip();
        String from = member(result, keyFrom).strip();
        if (to.isEmpty()) {
            throw WebhookException.badRequest(keyTo, "the destination number is missing from result");
        }
        if (from.isEmpty()) {
            throw WebhookException.badRequest(keyFrom, "the sender is missing from result");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest(keyTo, "not a phone number (digits with an optional leading +)");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest(keyFrom, "not a phone number or sender name");
        }
        return Message.builder().to(to).from(from).body(member(result, keyBody)).build();
    }

    /**
     * The raw value of the request's one {@code result} field, as posted in the body.
     *
     * @throws WebhookException 400 when there is none, or more than one (body and query counted together), or it
     *                          is in the query string only
     */
    static String result(InboundRequest request) throws WebhookException {
        int inQuery = request.query().getOrDefault("result", List.of()).size();
        List<String> inBody = request.fields().getOrDefault("result", List.of());
        if (inQuery + inBody.size() > 1) {
            throw WebhookException.badRequest("result", "given " + (inQuery + inBody.size())
                    + " times; Zadarma sends it once and signs that one, so this request is refused");
        }
        if (inBody.isEmpty()) {
            throw WebhookException.badRequest("result", inQuery == 1 ? "in the query string; Zadarma posts it in the body"
                    : "missing; Zadarma posts the SMS as JSON in this field");
        }
        return inBody.get(0);
    }

    private static JsonView object(String result) throws WebhookException {
        JsonView node;
        try {
            node = JsonView.parse(result);
        } catch (JsonException e) {
            throw WebhookException.badRequest("result", "not valid JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw WebhookException.badRequest("result", "not a JSON object");
        }
        return node;
    }

    /** The member {@code name} of {@code result} as text; {@code ""} when it is missing or null. */
    private static String member(JsonView result, String name) throws WebhookException {
        JsonView value = result.get(name);
        if (value.isObject() || value.isArray()) {
            throw WebhookException.badRequest(name, "an object or array in result, not a text");
        }
        return value.text().orElse("");
    }
}
