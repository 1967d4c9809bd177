package io.websms.provider.flowroute;

import com.fasterxml.jackson.databind.JsonNode;
import io.websms.api.InterfaceConfig;
import io.websms.api.ItspResponse;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Flowroute's answer to a send: {@code 202 Accepted} with {@code {"data":{"id":"mdr2-…",…}}}, whose {@code data.id} is
 * the message id its delivery receipts carry. An error is an HTTP error status with
 * {@code {"errors":[{"id","status","title","detail"}]}}: the titles and details are the reason. 429 (too many
 * requests) and 5xx may pass later, as may 408; every other error is a rejection, and so is a 2xx without
 * {@code data.id}, which is no answer Flowroute documents.
 */
final class FlowrouteResponseChecker implements ResponseChecker {

    /** Longest reason taken from the errors; websms cuts it again where it shows it. */
    private static final int MAX_REASON = 300;

    @Override
    public SendResult check(ItspResponse response, InterfaceConfig config) {
        int status = response.status();
        JsonNode reply = FlowrouteJson.read(response.body());
        if (!response.isSuccessful()) {
            String reason = "HTTP " + status + errors(reply);
            return status == 408 || status == 429 || status >= 500 ? SendResult.failed(status, reason) : SendResult.rejected(status, reason);
        }
        String id = reply == null ? "" : FlowrouteJson.text(reply.path("data").path("id")).strip();
        if (id.isEmpty()) {
            return SendResult.rejected(status, reply == null ? "the reply is not JSON" : "the reply holds no data.id" + errors(reply));
        }
        return SendResult.sent(status, id);
    }

    /** {@code ": title: detail; title: detail"} from the reply's {@code errors}, on one line; {@code ""} when it has none. */
    private static String errors(JsonNode reply) {
        if (reply == null || !reply.path("errors").isArray()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode error : reply.path("errors")) {
            String title = FlowrouteJson.text(error.path("title")).strip();
            String detail = FlowrouteJson.text(error.path("detail")).strip();
            String part = title.isEmpty() ? detail : detail.isEmpty() || detail.equals(title) ? title : title + ": " + detail;
            if (!part.isEmpty()) {
                parts.add(part.replaceAll("[\\r\\n\\t]+", " "));
            }
        }
        String joined = String.join("; ", parts);
        return joined.isEmpty() ? "" : ": " + (joined.length() > MAX_REASON ? joined.substring(0, MAX_REASON) + "…" : joined);
    }
}
