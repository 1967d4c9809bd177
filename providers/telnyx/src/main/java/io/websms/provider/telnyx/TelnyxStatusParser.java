package io.websms.provider.telnyx;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Telnyx's delivery events, posted to the message's {@code webhook_url} ({@code status_url}): {@code message.sent}
 * and {@code message.finalized}, whose {@code data.payload.id} is the id Telnyx gave the message and
 * {@code data.payload.to[0].status} its status, mapped as {@link #WORDS} says. A failure's first
 * {@code data.payload.errors[]} gives the error code and text; {@code data.occurred_at} the time. Other events (an
 * incoming {@code message.received} on the same URL) hold no status and give no report.
 */
final class TelnyxStatusParser implements StatusParser {

    /** Telnyx's per-recipient statuses of an outbound message, and what they mean for websms. */
    static final Map<String, DeliveryStatus> WORDS = Map.of(
            "queued", DeliveryStatus.QUEUED,
            "sending", DeliveryStatus.QUEUED,
            "sent", DeliveryStatus.SENT,
            "delivered", DeliveryStatus.DELIVERED,
            "delivery_failed", DeliveryStatus.UNDELIVERED, // the carrier reported it not delivered
            "sending_failed", DeliveryStatus.FAILED, // Telnyx could not send it at all
            "delivery_unconfirmed", DeliveryStatus.SENT, // final, but no receipt came: sent is all that is known
            "expired", DeliveryStatus.EXPIRED);

    @Override
    public List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        JsonNode data = TelnyxEvents.data(request);
        String type = TelnyxEvents.text(data, "event_type");
        if (!type.equals("message.sent") && !type.equals("message.finalized")) {
            return List.of();
        }
        JsonNode payload = TelnyxEvents.payload(data);
        String id = TelnyxEvents.messageId(payload, true);
        String raw = TelnyxEvents.text(TelnyxEvents.firstRecipient(payload), "status");
        if (raw.isEmpty()) {
            throw WebhookException.badRequest("data.payload.to[0].status", "the status is missing");
        }
        StatusReport.Builder report = StatusReport.builder(id).rawStatus(raw).status(WORDS.get(raw.toLowerCase(Locale.ROOT)))
                .time(time(TelnyxEvents.text(data, "occurred_at")));
        JsonNode errors = payload.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            JsonNode code = first.get("code");
            String title = TelnyxEvents.text(first, "title");
            String detail = TelnyxEvents.text(first, "detail");
            report.errorCode(code != null && code.isValueNode() ? code.asText() : null)
                    .errorText(detail.isEmpty() || detail.equals(title) ? title : title.isEmpty() ? detail : title + ": " + detail);
        }
        return List.of(report.build());
    }

    /** {@code occurred_at}, an ISO 8601 time with its offset; null when it is none. */
    private static Instant time(String text) {
        try {
            return text.isEmpty() ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
