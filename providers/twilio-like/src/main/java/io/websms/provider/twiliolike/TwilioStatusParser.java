package io.websms.provider.twiliolike;

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
 * Twilio's status callback: a form post with {@code MessageSid}, {@code MessageStatus} and, when the message did not
 * get through, {@code ErrorCode} (also {@code ErrorMessage} when an API that copies Twilio's sends one). Twilio's
 * statuses map as {@link #WORDS} says; {@code receiving} and {@code received} (incoming messages) and
 * {@code partially_delivered} map to none and are only counted. Twilio's {@code RawDlrDoneDate} has no time zone
 * (the carrier's, which varies), so the report carries no time and websms uses the arrival time. Without
 * {@code ErrorMessage}, a known {@code ErrorCode} gets the title Twilio's error dictionary gives it ({@link #ERRORS}).
 */
final class TwilioStatusParser implements StatusParser {

    private final Map<String, DeliveryStatus> words;

    /** Twilio's words. */
    TwilioStatusParser() {
        this(WORDS);
    }

    /** An API that copies Twilio's callbacks with its own status words. */
    TwilioStatusParser(Map<String, DeliveryStatus> words) {
        this.words = Map.copyOf(words);
    }

    /** Twilio's {@code MessageStatus} values (its Message resource's list) and what they mean for websms. */
    static final Map<String, DeliveryStatus> WORDS = Map.ofEntries(
            Map.entry("accepted", DeliveryStatus.ACCEPTED),
            Map.entry("scheduled", DeliveryStatus.QUEUED),
            Map.entry("queued", DeliveryStatus.QUEUED),
            Map.entry("sending", DeliveryStatus.QUEUED),
            Map.entry("sent", DeliveryStatus.SENT),
            Map.entry("delivered", DeliveryStatus.DELIVERED),
            Map.entry("read", DeliveryStatus.DELIVERED), // a read receipt: it arrived
            Map.entry("undelivered", DeliveryStatus.UNDELIVERED),
            Map.entry("failed", DeliveryStatus.FAILED),
            Map.entry("canceled", DeliveryStatus.FAILED)); // a scheduled message canceled before it went out

    /**
     * The titles Twilio's error dictionary gives the codes a status callback carries most (its callbacks send the code
     * alone): the error text of a report, and so the reason a sender's notice gives, when no {@code ErrorMessage} came.
     */
    static final Map<String, String> ERRORS = Map.of(
            "30001", "Queue overflow",
            "30002", "Account suspended",
            "30003", "Unreachable destination handset",
            "30004", "Message blocked",
            "30005", "Unknown destination handset",
            "30006", "Landline or unreachable carrier",
            "30007", "Message filtered",
            "30008", "Unknown error",
            "30034", "Message from an unregistered number");

    @Override
    public List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String id = GenericStatusParser.messageId(request.parameter("MessageSid").orElse(null), "MessageSid");
        String raw = request.parameter("MessageStatus").orElse("").strip();
        if (raw.isEmpty()) {
            throw WebhookException.badRequest("MessageStatus", "the status is missing");
        }
        String code = request.parameter("ErrorCode").map(String::strip).orElse("");
        return List.of(StatusReport.builder(id).rawStatus(raw).status(words.get(raw.toLowerCase(Locale.ROOT)))
                .errorCode(code).errorText(request.parameter("ErrorMessage").filter(text -> !text.isBlank()).orElse(ERRORS.get(code))).build());
    }
}
