package io.websms.provider.elks46;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.websms.api.InterfaceConfig;
import io.websms.api.ItspResponse;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;

import java.io.IOException;

/**
 * 46elks's answer to {@code POST /a1/sms}: a 2xx with the SMS as a JSON object, its {@code id} the message id
 * ({@code s…}) and its {@code status} {@code created}; a refusal is a 4xx with a plain-text reason, which becomes the
 * reason websms gives. 408, 429 and 5xx may pass later; any other status is a rejection, as is a 2xx whose SMS is
 * {@code failed} or that holds no id (websms cannot tell whether 46elks took it, and sending it again could send it
 * twice).
 */
final class Elks46ResponseChecker implements ResponseChecker {

    private static final int MAX_REASON = 200;

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
        if (reply == null || !reply.isObject()) {
            return SendResult.rejected(status, "the reply is not the SMS 46elks answers with" + quoted(response));
        }
        JsonNode id = reply.get("id");
        if ("failed".equals(reply.path("status").asText(""))) {
            return SendResult.rejected(status, "46elks reports the SMS failed" + (id != null && id.isTextual() ? " (id " + clip(id.textValue()) + ")" : ""));
        }
        if (id == null || !id.isTextual() || id.textValue().isBlank()) {
            return SendResult.rejected(status, "the reply holds no SMS id" + quoted(response));
        }
        return SendResult.sent(status, id.textValue());
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
