package io.websms.provider.flowroute;

import com.fasterxml.jackson.databind.JsonNode;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Flowroute's incoming SMS and MMS, in either of the two shapes it posts (a JSON body, always):
 * <ul>
 *   <li>Messages v2.1 (JSON:API): {@code {"data":{"id":"mdr2-…","type":"message","attributes":{"to","from","body",
 *       "is_mms",…}},"included":[{"type":"media","attributes":{"url",…}},…]}}; an MMS's pictures are the {@code url}s of
 *       the {@code included} media, in order, and its {@code body} may be {@code null};</li>
 *   <li>the older flat shape: {@code {"to":"12066418000","from":"18553569768","body":"…","id":"mdr1-…"}}.</li>
 * </ul>
 * Numbers come out as Flowroute sent them (11 digits, {@code 1NPANXXXXXX}); the MDR id is the message id, so a repeated
 * callback is stored once. A v2.1 body whose {@code data.type} is another one than {@code message} (a delivery receipt
 * posted to the SMS callback URL) holds no message: it is acknowledged and counted, not refused, since Flowroute resends
 * whatever does not get 200. A body given a member twice is no JSON (which of the two would count could not be told).
 */
final class FlowrouteWebhookParser implements WebhookParser {

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        List<Message> messages = parseAll(request, config);
        if (messages.isEmpty()) {
            throw WebhookException.badRequest("data.type", "'" + FlowrouteJson.text(root(request).path("data").path("type"))
                    + "' is no message");
        }
        return messages.get(0);
    }

    @Override
    public List<Message> parseAll(InboundRequest request, InterfaceConfig config) throws WebhookException {
        JsonNode root = root(request);
        JsonNode data = root.get("data");
        if (data == null) {
            return List.of(message(root, "", List.of(), FlowrouteJson.text(root.get("id"))));
        }
        if (!data.isObject()) {
            throw WebhookException.badRequest("data", "not an object; Flowroute posts a message object in data");
        }
        String type = FlowrouteJson.text(data.get("type"));
        if (!type.isEmpty() && !type.equals("message")) {
            return List.of();
        }
        JsonNode attributes = data.get("attributes");
        if (attributes == null || !attributes.isObject()) {
            throw WebhookException.badRequest("data.attributes", "missing; Flowroute posts the message's to, from and body in it");
        }
        return List.of(message(attributes, "data.attributes.", media(root), FlowrouteJson.text(data.get("id"))));
    }

    /** The body as a JSON object. */
    private static JsonNode root(InboundRequest request) throws WebhookException {
        JsonNode root = FlowrouteJson.read(request.body());
        if (root == null) {
            throw WebhookException.badRequest("body", request.body().length == 0 ? "empty; Flowroute posts the message as JSON"
                    : "not valid JSON (or a member given twice)");
        }
        if (!root.isObject()) {
            throw WebhookException.badRequest("body", "not a JSON object");
        }
        return root;
    }

    private static Message message(JsonNode fields, String prefix, List<String> media, String id) throws WebhookException {
        String to = member(fields, "to", prefix).strip();
        String from = member(fields, "from", prefix).strip();
        if (to.isEmpty()) {
            throw WebhookException.badRequest(prefix + "to", "the destination number is missing");
        }
        if (from.isEmpty()) {
            throw WebhookException.badRequest(prefix + "from", "the sender is missing");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest(prefix + "to", "not a phone number (digits with an optional leading +)");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest(prefix + "from", "not a phone number or sender name");
        }
        Message.Builder message = Message.builder().to(to).from(from).body(member(fields, "body", prefix)).media(media);
        String mdr = id.strip();
        if (!mdr.isEmpty()) {
            message.id(mdr);
        }
        return message.build();
    }

    /** Member {@code name} as text: {@code ""} when missing or null; a 400 when it is an object or array. */
    private static String member(JsonNode fields, String name, String prefix) throws WebhookException {
        JsonNode value = fields.get(name);
        if (value != null && value.isContainerNode()) {
            throw WebhookException.badRequest(prefix + name, "an object or array, not a text");
        }
        return FlowrouteJson.text(value);
    }

    /** The URLs of the media an MMS includes, in order. */
    private static List<String> media(JsonNode root) {
        List<String> urls = new ArrayList<>();
        for (JsonNode included : root.path("included")) {
            if (FlowrouteJson.text(included.get("type")).equals("media")) {
                String url = FlowrouteJson.text(included.path("attributes").get("url")).strip();
                if (!url.isEmpty()) {
                    urls.add(url);
                }
            }
        }
        return urls;
    }
}
