package io.websms.provider.flowroute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.websms.api.FormEncoding;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.MediaFromBody;
import io.websms.api.UrlSecret;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.RequestMapper;

import java.net.URI;

/**
 * Flowroute's "send a message" (Messages v2.1): a POST to {@code url_host + url_path} of
 * <pre>{@code {"data":{"type":"message","attributes":{"to":"12065551234","from":"12061231234","body":"…"}}}}</pre>
 * as {@code application/vnd.api+json}. Numbers go as Flowroute's 11-digit form, digits only: a leading {@code +} or
 * {@code 00} is dropped, and a 10-digit North American number ({@code 2065551234}) gets its {@code 1}. With
 * {@code media_from_body} on, the links of the text go as {@code media_urls} with {@code is_mms: true}, and a text of
 * links only goes without {@code body}, which Flowroute allows for an MMS. With {@code status_url} set, the message
 * asks for delivery receipts there ({@code dlr_callback}), with {@code status_secret} added as {@code secret=…}.
 */
final class FlowrouteRequestMapper implements RequestMapper {

    @Override
    public OutboundRequest map(Message original, InterfaceConfig config) throws InvalidMessageException {
        Message message = MediaFromBody.apply(original, config);
        String to = number("to", message.to());
        String from = number("from", message.from());
        if (message.body().isEmpty() && message.media().isEmpty()) {
            throw new InvalidMessageException("body", "the message text is empty; nothing to send");
        }
        ObjectNode root = FlowrouteJson.mapper().createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("type", "message");
        ObjectNode attributes = data.putObject("attributes");
        attributes.put("to", to);
        attributes.put("from", from);
        if (!message.body().isEmpty()) {
            attributes.put("body", message.body());
        }
        if (!message.media().isEmpty()) {
            attributes.put("is_mms", true);
            ArrayNode urls = attributes.putArray("media_urls");
            message.media().forEach(urls::add);
        }
        String statusUrl = statusUrl(config);
        if (!statusUrl.isEmpty()) {
            attributes.put("dlr_callback", statusUrl);
        }
        byte[] body;
        try {
            body = FlowrouteJson.mapper().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always writes as JSON", e);
        }
        return OutboundRequest.builder(uri(config)).header("Accept", FlowrouteJson.JSON_API).rawBody(body, FlowrouteJson.JSON_API).build();
    }

    /** {@code status_url}, with {@code status_secret} as its {@code secret} parameter when one is set; {@code ""} when none. */
    static String statusUrl(InterfaceConfig config) {
        return UrlSecret.addTo(config.value("status_url"), config.value("status_secret"));
    }

    private static URI uri(InterfaceConfig config) throws InvalidMessageException {
        return OutboundRequest.url(config.value("url_host") + config.value("url_path"));
    }

    /** {@code number} in Flowroute's form: digits only, country code first, 1 before a 10-digit North American number. */
    static String number(String field, String number) throws InvalidMessageException {
        String written = number.strip();
        if (!PhoneNumbers.isWrittenNumber(written)) {
            throw new InvalidMessageException(field, "'" + written.replaceAll("\\p{Cntrl}", "?") + "' is not a phone number (digits, with an optional"
                    + " leading + and the separators space - . ( )); Flowroute sends from and to numbers only");
        }
        String digits = PhoneNumbers.withoutSeparators(written);
        if (digits.startsWith("+")) {
            return digits.substring(1);
        }
        if (digits.startsWith("00")) {
            return digits.substring(2);
        }
        // A number as dialled in North America: its area code cannot start with 0 or 1, so 1 is the country code it lacks.
        if (digits.length() == 10 && digits.charAt(0) >= '2') {
            return "1" + digits;
        }
        return digits;
    }
}
