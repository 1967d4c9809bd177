package io.websms.provider.elks46;

import io.websms.api.DeliveryStatus;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.StatusParser;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import io.websms.provider.generic.GenericStatusParser;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * 46elks's delivery report, posted to the {@code whendelivered} URL of the message: the form fields {@code id} (the
 * id its answer to the send gave), {@code status} and, for a delivered SMS, {@code delivered}: the time in UTC,
 * without a zone ({@code 2018-07-13T13:57:23.741000}). {@code sent} means the carrier took it, {@code delivered}
 * that the phone did; {@code failed} is the carrier's word that it could not deliver it, so it is
 * {@code undelivered} to websms. Any other word is reported with no status and counted.
 */
final class Elks46StatusParser implements StatusParser {

    /** 46elks's statuses of an SMS (its delivery-report page lists sent, delivered and failed). */
    static final Map<String, DeliveryStatus> WORDS = Map.of(
            "sent", DeliveryStatus.SENT,
            "delivered", DeliveryStatus.DELIVERED,
            "failed", DeliveryStatus.UNDELIVERED);

    @Override
    public List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String id = GenericStatusParser.messageId(request.parameter("id").orElse(null), "id");
        String raw = request.parameter("status").orElse("").strip();
        if (raw.isEmpty()) {
            throw WebhookException.badRequest("status", "the status is missing");
        }
        return List.of(StatusReport.builder(id).rawStatus(raw).status(WORDS.get(raw.toLowerCase(Locale.ROOT)))
                .time(utc(request.parameter("delivered").orElse(""))).build());
    }

    /** 46elks's UTC time without a zone, or null when there is none or it is not one (the arrival time is used then). */
    static Instant utc(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
