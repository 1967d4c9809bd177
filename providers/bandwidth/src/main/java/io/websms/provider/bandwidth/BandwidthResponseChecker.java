package io.websms.provider.bandwidth;

import com.fasterxml.jackson.databind.JsonNode;
import io.websms.api.InterfaceConfig;
import io.websms.api.ItspResponse;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;

import java.io.IOException;

/**
 * Bandwidth's answer to "Send Messages": {@code 202 Accepted} with the message, whose {@code id} is the message id;
 * an error status with JSON {@code type} and {@code description} (and {@code fieldErrors} for a bad field), which are
 * the reason. 408, 429 and 5xx may pass later; any other 4xx is refused for good (Bandwidth neither sends nor bills
 * it). A 2xx without {@code id} is no answer of Bandwidth's: rejected, not retried, since Bandwidth may have taken the
 * message.
 */
final class BandwidthResponseChecker implements ResponseChecker {

    @Override
    public SendResult check(ItspResponse response, InterfaceConfig config) {
        int status = response.status();
        JsonNode reply;
        try {
            reply = BandwidthEvents.JSON.readTree(response.body());
        } catch (IOException e) {
            reply = null;
        }
        if (!response.isSuccessful()) {
            String reason = "HTTP " + status + reason(reply);
            return status == 408 || status == 429 || status >= 500 ? SendResult.failed(status, reason) : SendResult.rejected(status, reason);
        }
        String id = reply == null || !reply.isObject() ? "" : BandwidthEvents.text(reply, "id");
        if (id.isEmpty()) {
            return SendResult.rejected(status, "HTTP " + status + " without id: not Bandwidth's message" + reason(reply));
        }
        return SendResult.sent(status, id);
    }

    /** {@code ": request-validation: Your request could not be accepted (to: ...)"}. */
    private static String reason(JsonNode reply) {
        if (reply == null || !reply.isObject()) {
            return "";
        }
        String type = BandwidthEvents.text(reply, "type");
        String description = BandwidthEvents.text(reply, "description");
        if (type.isEmpty() && description.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(": ").append(type);
        if (!description.isEmpty()) {
            out.append(type.isEmpty() ? "" : ": ").append(description);
        }
        JsonNode fields = reply.get("fieldErrors");
        if (fields != null && fields.isArray() && !fields.isEmpty()) {
            String name = BandwidthEvents.text(fields.get(0), "fieldName");
            String problem = BandwidthEvents.text(fields.get(0), "description");
            out.append(" (").append(name).append(name.isEmpty() ? "" : ": ").append(problem).append(')');
        }
        return out.toString().replaceAll("[\\r\\n]+", " ");
    }
}
