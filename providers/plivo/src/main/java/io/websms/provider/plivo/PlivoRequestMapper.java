package io.websms.provider.plivo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.websms.api.FormEncoding;
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
 * Plivo's Send Message request: a JSON POST to {@code url_host + url_path} ({@code {auth_user}} replaced by the Auth
 * ID) of {@code src}, {@code dst}, {@code text} and {@code type}; a message with media is an MMS ({@code type = mms},
 * {@code media_urls}); with {@code status_url} set, {@code url} and {@code method = POST} ask for status callbacks.
 * Numbers go with their country code and without {@code +} or {@code 00}, as Plivo's reference writes them
 * ({@code 14155551234}); a sender that is no number goes as it is (an alphanumeric sender ID). The text goes as it is:
 * Plivo picks GSM-7 or UCS-2 and splits long texts itself.
 */
final class PlivoRequestMapper implements RequestMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public OutboundRequest map(Message original, InterfaceConfig config) throws InvalidMessageException {
        // media_from_body = yes: the text's links go as the MMS's media.
        Message message = MediaFromBody.apply(original, config);
        String dst = PhoneNumbers.internationalDigits("to", message.to());
        String src = PhoneNumbers.internationalDigitsOrSenderId(message.from());
        if (message.body().isEmpty() && message.media().isEmpty()) {
            throw new InvalidMessageException("body", "the message text is empty; nothing to send");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("src", src);
        body.put("dst", dst);
        if (!message.body().isEmpty()) {
            body.put("text", message.body());
        }
        if (message.media().isEmpty()) {
            body.put("type", "sms");
        } else {
            body.put("type", "mms");
            ArrayNode media = body.putArray("media_urls");
            message.media().forEach(media::add);
        }
        String statusUrl = config.value("status_url");
        if (!statusUrl.isEmpty()) {
            body.put("url", statusUrl);
            body.put("method", "POST");
        }
        return OutboundRequest.builder(uri(config))
                .rawBody(body.toString().getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8")
                .build();
    }

    /** {@code url_host + url_path}, the Auth ID in place of {@code {auth_user}}. */
    private static URI uri(InterfaceConfig config) throws InvalidMessageException {
        String path = config.value("url_path");
        if (path.contains("{auth_user}")) {
            if (!config.isSet("auth_user")) {
                throw new InvalidMessageException("url", "url_path needs your Plivo Auth ID, and auth_user is not set");
            }
            path = path.replace("{auth_user}", FormEncoding.encodeComponent(config.value("auth_user")));
        }
        return OutboundRequest.url(config.value("url_host") + path);
    }
}
