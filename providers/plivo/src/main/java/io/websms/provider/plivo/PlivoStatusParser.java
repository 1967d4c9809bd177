package io.websms.provider.plivo;

import io.websms.api.DeliveryStatus;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.StatusParser;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import io.websms.provider.generic.GenericStatusParser;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plivo's message status callback, posted to the {@code url} a message carried (form fields, or the query of a GET):
 * {@code MessageUUID}, {@code Status} and, for a message that failed or was not delivered, {@code ErrorCode}. Plivo's
 * statuses map as {@link #WORDS} says; {@code received} (an incoming message) and any later word are only counted.
 * Plivo's times ({@code DeliveryReportTime}, {@code YYYY-mm-dd HH:MM:SS.SSSSSS}) carry no time zone, so the report
 * carries none and websms uses the arrival time. A known {@code ErrorCode} gets the reason Plivo's error code list
 * gives it ({@link #ERRORS}) as the error text.
 */
final class PlivoStatusParser implements StatusParser {

    /** Plivo's {@code Status} values (its Message Status Callbacks page) and what they mean for websms. */
    static final Map<String, DeliveryStatus> WORDS = Map.of(
            "queued", DeliveryStatus.QUEUED,
            "sent", DeliveryStatus.SENT,
            "delivered", DeliveryStatus.DELIVERED,
            "read", DeliveryStatus.DELIVERED, // WhatsApp's read receipt: it arrived
            "undelivered", DeliveryStatus.UNDELIVERED,
            "failed", DeliveryStatus.FAILED,
            "rejected", DeliveryStatus.REJECTED);

    /** The reasons Plivo's messaging error code list gives the codes a callback carries most. */
    static final Map<String, String> ERRORS = Map.of(
            "10", "Invalid Message",
            "20", "Network Error",
            "30", "Spam Detected",
            "40", "Invalid Source Number",
            "50", "Invalid Destination Number",
            "900", "Insufficient Credit");

    @Override
    public List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String id = GenericStatusParser.messageId(request.parameter("MessageUUID").orElse(null), "MessageUUID");
        String raw = request.parameter("Status").orElse("").strip();
        if (raw.isEmpty()) {
            throw WebhookException.badRequest("Status", "the status is missing");
        }
        String code = request.parameter("ErrorCode").map(String::strip).orElse("");
        return List.of(StatusReport.builder(id).rawStatus(raw).status(WORDS.get(raw.toLowerCase(Locale.ROOT)))
                .errorCode(code).errorText(ERRORS.get(code)).build());
    }
}
