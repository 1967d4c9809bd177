package io.websms.provider.flowroute;

import com.fasterxml.jackson.databind.JsonNode;
import io.websms.api.DeliveryStatus;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.StatusParser;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import io.websms.provider.generic.GenericStatusParser;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flowroute's delivery receipts (DLRs), posted to a message's {@code dlr_callback}:
 * <pre>{@code {"data":{"id":"mdr2-…","type":"delivery_receipt","attributes":{"level":2,"status":"message buffered",
 * "status_code":1003,"status_code_description":"Message accepted by Carrier","timestamp":"2017-12-21T16:44:35+00:00",…}}}}</pre>
 * ({@code data} left out by some senders: the same members at the top level are read too). {@code data.id} is the MDR id
 * the send's reply gave. A message usually gets two: level 1 when Flowroute handed it on ({@code smsc submit}), level 2
 * with what the carrier said. Flowroute's words are those of the SMS gateway it runs on (Kannel's DLR states); they
 * map as {@link #WORDS} says, and any other is counted and changes nothing. The code and its description are the
 * report's error when the message did not arrive, or when the word is none websms knows. A body of another
 * {@code type} (a message posted to the DLR URL) holds no report.
 */
final class FlowrouteStatusParser implements StatusParser {

    /**
     * Flowroute's status words: {@code smsc submit} ("Message has been sent", level 1) and {@code message buffered}
     * (1003 "Message accepted by Carrier", level 2) as its documented examples show them, {@code delivered} as its
     * message records show a delivered message, and the other states of the same gateway vocabulary.
     */
    static final Map<String, DeliveryStatus> WORDS = Map.of(
            "smsc submit", DeliveryStatus.SENT,
            "message buffered", DeliveryStatus.SENT,
            "smsc intermediate notifications", DeliveryStatus.SENT,
            "delivered", DeliveryStatus.DELIVERED,
            "delivery success", DeliveryStatus.DELIVERED,
            "delivery failure", DeliveryStatus.UNDELIVERED,
            "smsc reject", DeliveryStatus.REJECTED);

    @Override
    public List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        JsonNode root = FlowrouteJson.read(request.body());
        if (root == null || !root.isObject()) {
            throw WebhookException.badRequest("data", request.body().length == 0 ? "the body is empty; Flowroute posts a delivery receipt as JSON"
                    : "the body is no JSON object (or gives a member twice)");
        }
        boolean wrapped = root.has("data");
        JsonNode receipt = wrapped ? root.get("data") : root;
        String prefix = wrapped ? "data." : "";
        if (!receipt.isObject()) {
            throw WebhookException.badRequest("data", "not an object");
        }
        String type = FlowrouteJson.text(receipt.get("type"));
        if (!type.isEmpty() && !type.equals("delivery_receipt")) {
            return List.of();
        }
        String id = GenericStatusParser.messageId(FlowrouteJson.text(receipt.get("id")), prefix + "id");
        JsonNode attributes = receipt.path("attributes");
        String raw = FlowrouteJson.text(attributes.get("status")).strip();
        if (raw.isEmpty()) {
            throw WebhookException.badRequest(prefix + "attributes.status", "the status is missing");
        }
        DeliveryStatus status = WORDS.get(raw.toLowerCase(Locale.ROOT));
        StatusReport.Builder report = StatusReport.builder(id).rawStatus(raw).status(status).time(time(FlowrouteJson.text(attributes.get("timestamp"))));
        if (status == null || status.isFailure()) {
            report.errorCode(FlowrouteJson.text(attributes.get("status_code"))).errorText(FlowrouteJson.text(attributes.get("status_code_description")));
        }
        return List.of(report.build());
    }

    /** An ISO 8601 time with its offset, as Flowroute writes it ({@code 2017-12-21T16:44:35+00:00}, {@code …35.00Z}); null for any other. */
    static Instant time(String value) {
        try {
            return value.isBlank() ? null : OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}
