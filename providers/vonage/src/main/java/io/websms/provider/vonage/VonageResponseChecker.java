package io.websms.provider.vonage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.websms.api.InterfaceConfig;
import io.websms.api.ItspResponse;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Vonage's SMS API answers {@code 200} with JSON {@code message-count} and {@code messages}, one per part of a long
 * text, each with its {@code status}: {@code "0"} is success and carries the part's {@code message-id}; any other
 * status is a failure, {@code error-text} saying why, even though the HTTP status is 200. All parts taken: sent, the
 * first part's id being the message's ITSP id (each part gets its own delivery receipt). The first part refused:
 * throttling ({@code 1}), an internal error ({@code 5}) and too many connections ({@code 10}) may pass later, as
 * Vonage's error list says; every other status is a rejection (missing or invalid parameters, credentials, barred
 * number or account, no credit, an unauthorised sender…). A later part refused after an earlier one was taken is a
 * rejection too: sending again would send the taken parts twice. An HTTP error status is classified as everywhere
 * (408, 429 and 5xx may pass later).
 */
final class VonageResponseChecker implements ResponseChecker {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The statuses Vonage's error list says to retry: throttled, internal error, too many existing binds. */
    static final Set<String> RETRYABLE = Set.of("1", "5", "10");

    /** The names Vonage's SMS API error list gives the statuses, for a reply without error-text. */
    static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("1", "Throttled"),
            Map.entry("2", "Missing Parameters"),
            Map.entry("3", "Invalid Parameters"),
            Map.entry("4", "Invalid Credentials"),
            Map.entry("5", "Internal Error"),
            Map.entry("6", "Invalid Message"),
            Map.entry("7", "Number Barred"),
            Map.entry("8", "Partner Account Barred"),
            Map.entry("9", "Partner Quota Violation"),
            Map.entry("10", "Too Many Existing Binds"),
            Map.entry("11", "Account Not Enabled For HTTP"),
            Map.entry("12", "Message Too Long"),
            Map.entry("14", "Invalid Signature"),
            Map.entry("15", "Invalid Sender Address"));

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
            String reason = "HTTP " + status + httpError(reply);
            return status == 408 || status == 429 || status >= 500 ? SendResult.failed(status, reason) : SendResult.rejected(status, reason);
        }
        JsonNode messages = reply == null ? null : reply.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return SendResult.rejected(status, "HTTP " + status + " but the reply is not Vonage's JSON (no messages)");
        }
        String firstId = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode part = messages.get(i);
            String code = part.path("status").asText("").strip();
            if (code.equals("0")) {
                String id = part.path("message-id").asText("").strip();
                if (firstId == null && !id.isEmpty()) {
                    firstId = id;
                }
                continue;
            }
            String why = "status " + (code.isEmpty() ? "missing" : code) + describe(code, part);
            if (i > 0) {
                return SendResult.rejected(status, "Vonage took " + (i == 1 ? "part 1" : "parts 1 to " + i) + " of " + messages.size() + " but refused part " + (i + 1)
                        + ": " + why + "; not sent again, or the parts taken would go twice");
            }
            return RETRYABLE.contains(code) ? SendResult.failed(status, why) : SendResult.rejected(status, why);
        }
        return SendResult.sent(status, firstId);
    }

    /** {@code " Throttled: <error-text>"}: the name Vonage gives the status, then its words, on one line. */
    private static String describe(String code, JsonNode part) {
        String name = NAMES.getOrDefault(code, "");
        String text = part.path("error-text").asText("").replaceAll("[\\r\\n]+", " ").strip();
        return (name.isEmpty() ? "" : " " + name) + (text.isEmpty() ? "" : ": " + text);
    }

    /** Vonage's words for an HTTP error (an RFC 7807 {@code title}, or {@code error-text}), when the body has them. */
    private static String httpError(JsonNode reply) {
        if (reply == null || !reply.isObject()) {
            return "";
        }
        for (String field : new String[] {"title", "error-text", "message"}) {
            String text = reply.path(field).asText("").replaceAll("[\\r\\n]+", " ").strip();
            if (!text.isEmpty()) {
                return ": " + text;
            }
        }
        return "";
    }
}
