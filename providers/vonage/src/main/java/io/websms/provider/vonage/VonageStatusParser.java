package io.websms.provider.vonage;

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
 * Vonage's delivery receipt (DLR), sent to {@code callback} (from {@code status_url}) or the dashboard's delivery
 * receipt URL: {@code messageId} (one part's id; a long text gets a receipt per part, and the first part's id is the
 * one websms knows), {@code status} and {@code err-code} ({@code 0} when delivered). Vonage's statuses map as
 * {@link #WORDS} says; {@code unknown} and any later word are only counted. A non-zero {@code err-code} is the
 * report's error code, with the meaning Vonage's DLR error list gives it ({@link #ERRORS}). {@code scts} has no time
 * zone and {@code message-timestamp} is when Vonage started to send the receipt, so the report carries no time and
 * websms uses the arrival time.
 */
final class VonageStatusParser implements StatusParser {

    /** Vonage's DLR {@code status} values and what they mean for websms. */
    static final Map<String, DeliveryStatus> WORDS = Map.of(
            "accepted", DeliveryStatus.SENT, // the carrier took it
            "buffered", DeliveryStatus.SENT, // the carrier holds it for a phone that is off
            "delivered", DeliveryStatus.DELIVERED,
            "expired", DeliveryStatus.EXPIRED,
            "failed", DeliveryStatus.UNDELIVERED, // the carrier could not deliver it
            "rejected", DeliveryStatus.REJECTED);

    /** The meanings Vonage's list of DLR error codes gives them. */
    static final Map<String, String> ERRORS = Map.ofEntries(
            Map.entry("1", "Unknown"),
            Map.entry("2", "Absent Subscriber - Temporary"),
            Map.entry("3", "Absent Subscriber - Permanent"),
            Map.entry("4", "Call Barred by User"),
            Map.entry("5", "Portability Error"),
            Map.entry("6", "Anti-Spam Rejection"),
            Map.entry("7", "Handset Busy"),
            Map.entry("8", "Network Error"),
            Map.entry("9", "Illegal Number"),
            Map.entry("10", "Illegal Message"),
            Map.entry("11", "Unroutable"),
            Map.entry("12", "Destination Unreachable"),
            Map.entry("13", "Subscriber Age Restriction"),
            Map.entry("14", "Number Blocked by Carrier"));

    @Override
    public List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String id = GenericStatusParser.messageId(request.parameter("messageId").orElse(null), "messageId");
        String raw = request.parameter("status").orElse("").strip();
        if (raw.isEmpty()) {
            throw WebhookException.badRequest("status", "the status is missing");
        }
        String code = request.parameter("err-code").map(String::strip).filter(c -> !c.isEmpty() && !c.equals("0")).orElse(null);
        return List.of(StatusReport.builder(id).rawStatus(raw).status(WORDS.get(raw.toLowerCase(Locale.ROOT)))
                .errorCode(code).errorText(code == null ? null : ERRORS.get(code)).build());
    }
}
