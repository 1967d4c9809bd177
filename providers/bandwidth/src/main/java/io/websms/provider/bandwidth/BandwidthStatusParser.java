package io.websms.provider.bandwidth;

import com.fasterxml.jackson.databind.JsonNode;
import io.websms.api.DeliveryStatus;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.StatusParser;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bandwidth's status callbacks, posted to the application's status (outbound) callback URL: an array of events, one
 * report each, on the message {@code message.id}, with the event's {@code type} as the ITSP's word and its
 * {@code time}. {@code message-failed} carries {@code errorCode} and {@code description}. An incoming
 * {@code message-received} on the same URL is no status and gives no report.
 *
 * <p>What the types mean ({@link #status}): {@code message-sending} (MMS only) → queued; {@code message-delivered} →
 * delivered (handed to the carrier; a device receipt only for toll-free numbers, as Bandwidth says);
 * {@code message-failed} by its error code, whose digits Bandwidth documents: a carrier's rejection or failure
 * (4<b>7</b>xx, 5<b>6</b>xx, and 5999 "unknown error from downstream") and the ambiguous downstream errors (9xxx) →
 * undelivered, Bandwidth's own (4[1-4]xx, 5[1-5]xx) → failed, except 9902 "timed out waiting for delivery receipt",
 * which Bandwidth says does not mean the message did not arrive → sent.
 */
final class BandwidthStatusParser implements StatusParser {

    @Override
    public List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        List<JsonNode> events = BandwidthEvents.events(request);
        List<StatusReport> reports = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            String type = BandwidthEvents.text(event, "type");
            if (type.equals(BandwidthEvents.RECEIVED)) {
                continue;
            }
            String id = BandwidthEvents.messageId(event, i, true);
            JsonNode code = event.get("errorCode");
            String errorCode = code != null && (code.isNumber() || code.isTextual()) ? code.asText().strip() : "";
            StatusReport.Builder report = StatusReport.builder(id).rawStatus(type).status(status(type, errorCode))
                    .time(time(BandwidthEvents.text(event, "time")));
            if (type.equals("message-failed")) {
                report.errorCode(errorCode).errorText(BandwidthEvents.text(event, "description"));
            }
            reports.add(report.build());
        }
        return reports;
    }

    /** What Bandwidth's event {@code type} (with the error code of a {@code message-failed}) means for websms; null for a type it does not document. */
    static DeliveryStatus status(String type, String errorCode) {
        return switch (type) {
            case "message-sending" -> DeliveryStatus.QUEUED;
            case "message-delivered" -> DeliveryStatus.DELIVERED;
            case "message-failed" -> failed(errorCode);
            default -> null;
        };
    }

    private static DeliveryStatus failed(String code) {
        if (code.equals("9902")) {
            return DeliveryStatus.SENT; // no receipt in time: not known to have failed
        }
        if (code.matches("[0-9]{4}") && (code.charAt(0) == '9' || "679".indexOf(code.charAt(1)) >= 0)) {
            return DeliveryStatus.UNDELIVERED;
        }
        return DeliveryStatus.FAILED;
    }

    /** {@code time}, an ISO 8601 time with its offset ({@code 2016-09-14T18:20:16Z}); null when it is none. */
    private static Instant time(String text) {
        try {
            return text.isEmpty() ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
