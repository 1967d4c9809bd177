package io.websms.provider.plivo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.websms.api.InterfaceConfig;
import io.websms.api.ItspResponse;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;

import java.io.IOException;

/**
 * Plivo's answer to Send Message: {@code 202} with JSON {@code message_uuid} (a list, one per destination) and
 * {@code api_id}; the first UUID is the message's ITSP id, the key of its status callbacks. A 2xx without a UUID is a
 * rejection (websms cannot tell what Plivo took, and sending again could send twice). An error is a 4xx or 5xx with
 * JSON {@code error} (a text, or an object naming the fields), which becomes the reason: 408, 429 and 5xx may pass
 * later, every other status is a rejection (400 a bad parameter, 401 wrong credentials, 402 no credit, 404 a wrong
 * Auth ID in the URL).
 */
final class PlivoResponseChecker implements ResponseChecker {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Longest ITSP error text kept in a reason; websms cuts it again, this keeps one object from flooding it. */
    private static final int MAX_ERROR = 300;

    @Override
    public SendResult check(ItspResponse response, InterfaceConfig config) {
        int status = response.status();
        JsonNode reply;
        try {
            reply = JSON.readTree(response.body());
        } catch (IOException e) {
            reply = null;
        }
        if (!response.isSuccessful()) {
            String reason = "HTTP " + status + error(reply);
            return status == 408 || status == 429 || status >= 500 ? SendResult.failed(status, reason) : SendResult.rejected(status, reason);
        }
        if (reply == null || !reply.isObject()) {
            return SendResult.rejected(status, "HTTP " + status + " but the reply is not Plivo's JSON");
        }
        JsonNode uuids = reply.get("message_uuid");
        JsonNode first = uuids != null && uuids.isArray() && !uuids.isEmpty() ? uuids.get(0) : uuids;
        if (first == null || !first.isTextual() || first.textValue().isBlank()) {
            return SendResult.rejected(status, "HTTP " + status + " without a message_uuid" + error(reply));
        }
        return SendResult.sent(status, first.textValue().strip());
    }

    /** {@code ": <error>"} from Plivo's JSON, on one line; {@code ""} when it has none. */
    private static String error(JsonNode reply) {
        if (reply == null || !reply.isObject()) {
            return "";
        }
        JsonNode error = reply.get("error");
        if (error == null || error.isNull()) {
            JsonNode message = reply.get("message");
            error = message != null && message.isTextual() ? message : null;
        }
        if (error == null) {
            return "";
        }
        String text = (error.isTextual() ? error.textValue() : error.toString()).replaceAll("[\\r\\n]+", " ").strip();
        if (text.length() > MAX_ERROR) {
            text = text.substring(0, MAX_ERROR) + "…";
        }
        return text.isEmpty() ? "" : ": " + text;
    }
}
