package io.websms.provider.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import io.websms.api.InterfaceConfig;
import io.websms.api.ItspResponse;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;

import java.io.IOException;

/**
 * Telnyx's answer to "Send a message": a 2xx whose {@code data.id} is the message id, or an error status with
 * {@code errors[]} of {@code code}, {@code title} and {@code detail}, which are the reason. 408, 429 and 5xx may pass
 * later (Telnyx's own codes 10008 "Request timeout" and 10011 "Too many requests" come with them); any other 4xx is
 * refused for good. A 2xx without {@code data.id} is no answer of Telnyx's: rejected, not retried, since Telnyx may
 * have taken the message.
 */
final class TelnyxResponseChecker implements ResponseChecker {

    @Override
    public SendResult check(ItspResponse response, InterfaceConfig config) {
        int status = response.status();
        JsonNode reply;
        try {
            reply = TelnyxEvents.JSON.readTree(response.body());
        } catch (IOException e) {
            reply = null;
        }
        if (!response.isSuccessful()) {
            String reason = "HTTP " + status + reason(reply);
            return status == 408 || status == 429 || status >= 500 ? SendResult.failed(status, reason) : SendResult.rejected(status, reason);
        }
        JsonNode data = reply == null ? null : reply.get("data");
        String id = TelnyxEvents.text(data, "id");
        if (id.isEmpty()) {
            return SendResult.rejected(status, "HTTP " + status + " without data.id: not Telnyx's message resource" + reason(reply));
        }
        return SendResult.sent(status, id);
    }

    /** {@code ": 40310 Invalid 'to' address: detail"} from the first error, and how many more there are. */
    private static String reason(JsonNode reply) {
        JsonNode errors = reply == null ? null : reply.get("errors");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            return "";
        }
        JsonNode first = errors.get(0);
        JsonNode code = first.get("code");
        StringBuilder out = new StringBuilder(": ");
        if (code != null && code.isValueNode()) {
            out.append(code.asText()).append(' ');
        }
        String title = TelnyxEvents.text(first, "title");
        String detail = TelnyxEvents.text(first, "detail");
        out.append(title);
        if (!detail.isEmpty() && !detail.equals(title)) {
            out.append(title.isEmpty() ? "" : ": ").append(detail);
        }
        if (errors.size() > 1) {
            out.append(" (and ").append(errors.size() - 1).append(" more)");
        }
        return out.toString().replaceAll("[\\r\\n]+", " ").stripTrailing();
    }
}
