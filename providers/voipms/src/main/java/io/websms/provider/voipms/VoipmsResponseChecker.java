package io.websms.provider.voipms;

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
 * VoIP.ms's answer: JSON whose {@code status} is {@code success}, with the message's id in {@code sms} (or
 * {@code mms}), or a word that says what is wrong ({@code invalid_dst}, {@code ip_not_enabled} …), usually with HTTP
 * 200. Only the words that mean VoIP.ms could not send it now ({@link #TRANSIENT}) are tried again, as are 408, 429
 * and 5xx; every other word, a wrong number, credential or setting ({@code invalid_*}, {@code missing_*}), is a
 * rejection, as is a reply that is no such JSON (whether VoIP.ms took the message cannot be told, and sending it again
 * could send it twice). The reason names VoIP.ms's word, which its API documentation lists, and for the usual ones
 * what to do.
 */
final class VoipmsResponseChecker implements ResponseChecker {

    private static final int MAX_REASON = 200;

    /** The words that mean the message may go through later. */
    static final Set<String> TRANSIENT = Set.of("sms_failed", "mms_failed", "limit_reached");

    /** What the usual words mean for a message from websms. */
    static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry("invalid_dst", "the destination is no number VoIP.ms can text (10-digit US and Canadian numbers)"),
            Map.entry("invalid_did", "the sender is not one of the account's DIDs with SMS enabled"),
            Map.entry("missing_dst", "no destination number"),
            Map.entry("missing_did", "no sender number"),
            Map.entry("missing_message", "no text"),
            Map.entry("sms_toolong", "the text is too long for one SMS"),
            Map.entry("sms_failed", "VoIP.ms could not send the SMS"),
            Map.entry("mms_failed", "VoIP.ms could not send the MMS"),
            Map.entry("limit_reached", "the account's sending limit is reached"),
            Map.entry("invalid_credentials", "auth_user or auth_secret (the API password) is wrong"),
            Map.entry("api_not_enabled", "the API is not enabled in VoIP.ms's portal (Main Menu > SOAP and REST/JSON API)"),
            Map.entry("ip_not_enabled", "this machine's address is not allowed in VoIP.ms's API settings"));

    /** Made on first use, so that a one-shot send that never reads a reply does not pay for Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    public SendResult check(ItspResponse response, InterfaceConfig config) {
        int status = response.status();
        if (!response.isSuccessful()) {
            String reason = "HTTP " + status + quoted(response);
            return status == 408 || status == 429 || status >= 500 ? SendResult.failed(status, reason) : SendResult.rejected(status, reason);
        }
        JsonNode reply;
        try {
            reply = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            reply = null;
        }
        JsonNode word = reply == null || !reply.isObject() ? null : reply.get("status");
        if (word == null || !word.isTextual() || word.textValue().isBlank()) {
            return SendResult.rejected(status, "the reply is not VoIP.ms's JSON with a status" + quoted(response));
        }
        String outcome = word.textValue().strip();
        if (outcome.equals("success")) {
            return SendResult.sent(status, id(reply));
        }
        String meaning = MEANINGS.get(outcome);
        String reason = "VoIP.ms status " + clip(outcome) + (meaning == null ? "" : ": " + meaning);
        return TRANSIENT.contains(outcome) ? SendResult.failed(status, reason) : SendResult.rejected(status, reason);
    }

    /** The id of the message sent: {@code sms} for sendSMS, {@code mms} for sendMMS; null when there is none. */
    private static String id(JsonNode reply) {
        for (String name : new String[] {"sms", "mms"}) {
            JsonNode id = reply.get(name);
            if (id != null && id.isValueNode() && !id.isNull() && !id.asText().isBlank()) {
                return id.asText();
            }
        }
        return null;
    }

    /** {@code ": "} and the start of the reply's text on one line; {@code ""} for an empty reply. */
    private static String quoted(ItspResponse response) {
        String text = response.bodyText().strip();
        return text.isEmpty() ? "" : ": " + clip(text);
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "…";
    }
}
