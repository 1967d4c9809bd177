package io.websms.provider.twiliolike;

import io.websms.api.InterfaceConfig;
import io.websms.api.ItspResponse;
import io.websms.api.JsonException;
import io.websms.api.JsonView;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;

import java.util.Set;

/**
 * Twilio's Messages resource: a 2xx with a JSON {@code status} of queued, accepted, scheduled, sending or sent is
 * success, with {@code sid} as the message id; otherwise the JSON {@code code} and {@code message} are the reason.
 * 408, 429 and 5xx may pass later; other statuses are rejections.
 */
final class TwilioLikeResponseChecker implements ResponseChecker {

    private static final Set<String> ACCEPTED = Set.of("queued", "accepted", "scheduled", "sending", "sent");

    @Override
    public SendResult check(ItspResponse response, InterfaceConfig config) {
        int status = response.status();
        JsonView reply;
        try {
            reply = response.json();
        } catch (JsonException e) {
            reply = JsonView.missing(); // an HTML error page, say: no code or message to quote
        }
        if (!response.isSuccessful()) {
            String reason = "HTTP " + status + reason(reply);
            return status == 408 || status == 429 || status >= 500
                    ? SendResult.failed(status, reason) : SendResult.rejected(status, reason);
        }
        if (!reply.isObject()) {
            return SendResult.rejected(status, "the reply is not a JSON object");
        }
        String messageStatus = reply.get("status").text().orElse("");
        if (ACCEPTED.contains(messageStatus)) {
            JsonView sid = reply.get("sid");
            return SendResult.sent(status, sid.isString() ? sid.text().orElseThrow() : null);
        }
        return SendResult.rejected(status, "message status '" + messageStatus + "'" + reason(reply));
    }

    private static String reason(JsonView reply) {
        String code = reply.get("code").text().orElse("");
        String message = reply.get("message").text().orElse("");
        if (code.isEmpty() && message.isEmpty()) {
            return "";
        }
        return ": " + (code.isEmpty() ? "" : code + " ") + message.replaceAll("[\\r\\n]+", " ");
    }
}
