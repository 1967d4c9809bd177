package io.websms.provider.bandwidth;

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

/**
 * Bandwidth's "Send Messages": {@code POST /api/v2/users/{accountId}/messages} with the JSON object {@code to} (a
 * list of one number), {@code from}, {@code text}, {@code applicationId}, and when there are any {@code media} (the
 * message's media URLs). {@code tag}, which Bandwidth repeats in every status callback, is websms's id of the
 * message, so that Bandwidth's records and websms's log name the same message. Numbers go in E.164 with {@code +};
 * the text goes as it is (Bandwidth chooses GSM-7 or UCS-2 itself).
 */
final class BandwidthRequestMapper implements RequestMapper {

    @Override
    public OutboundRequest map(Message original, InterfaceConfig config) throws InvalidMessageException {
        // media_from_body = yes: the text's links go as the MMS's media.
        Message message = MediaFromBody.apply(original, config);
        ObjectNode json = BandwidthEvents.JSON.createObjectNode();
        json.putArray("to").add(PhoneNumbers.e164("to", message.to()));
        json.put("from", PhoneNumbers.e164OrSenderId(message.from()));
        if (message.body().isEmpty() && message.media().isEmpty()) {
            throw new InvalidMessageException("body", "the message text is empty; nothing to send");
        }
        json.put("text", message.body());
        json.put("applicationId", config.value("application_id").strip());
        if (!message.media().isEmpty()) {
            ArrayNode media = json.putArray("media");
            message.media().forEach(media::add);
        }
        message.id().ifPresent(id -> json.put("tag", id));
        try {
            return OutboundRequest.builder(uri(config))
                    .rawBody(BandwidthEvents.JSON.writeValueAsBytes(json), "application/json; charset=utf-8").build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object of strings always serializes", e);
        }
    }

    private static URI uri(InterfaceConfig config) throws InvalidMessageException {
        return OutboundRequest.url(config.value("url_host") + config.value("url_path").replace("{account_id}", config.value("account_id").strip()));
    }
}
