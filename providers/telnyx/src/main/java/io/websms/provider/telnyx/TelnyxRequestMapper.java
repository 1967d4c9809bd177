package io.websms.provider.telnyx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.MediaFromBody;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.RequestMapper;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Telnyx's "Send a message": {@code POST /v2/messages} with the JSON object {@code from}, {@code to}, {@code text},
 * and when set {@code messaging_profile_id}, {@code webhook_url} (the interface's {@code status_url}) and
 * {@code media_urls} (the message's media). Numbers go in E.164 with {@code +}; the text goes as it is (Telnyx
 * chooses GSM-7 or UCS-2 itself).
 */
final class TelnyxRequestMapper implements RequestMapper {

    @Override
    public OutboundRequest map(Message original, InterfaceConfig config) throws InvalidMessageException {
        // media_from_body = yes: the text's links go as the MMS's media.
        Message message = MediaFromBody.apply(original, config);
        ObjectNode json = TelnyxEvents.JSON.createObjectNode();
        json.put("from", PhoneNumbers.e164OrSenderId(message.from()));
        json.put("to", PhoneNumbers.e164("to", message.to()));
        if (message.body().isEmpty() && message.media().isEmpty()) {
            throw new InvalidMessageException("body", "the message text is empty; nothing to send");
        }
        json.put("text", message.body());
        putIfSet(json, "messaging_profile_id", config.value("messaging_profile_id"));
        putIfSet(json, "webhook_url", config.value("status_url"));
        if (!message.media().isEmpty()) {
            ArrayNode media = json.putArray("media_urls");
            message.media().forEach(media::add);
        }
        try {
            return OutboundRequest.builder(uri(config))
                    .rawBody(TelnyxEvents.JSON.writeValueAsBytes(json), "application/json; charset=utf-8").build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object of strings always serializes", e);
        }
    }

    private static void putIfSet(ObjectNode json, String name, String value) {
        if (!value.isBlank()) {
            json.put(name, value.strip());
        }
    }

    private static URI uri(InterfaceConfig config) throws InvalidMessageException {
        return OutboundRequest.url(config.value("url_host") + config.value("url_path"));
    }
}
