package io.websms.provider.generic;

import io.websms.api.ConfigKey;
import io.websms.api.ConfigProblem;
import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Status callbacks described in websms.conf alone: the fields found like a message's, the words mapped as listed. */
class GenericStatusParserTest {

    private final GenericProvider provider = new GenericProvider();

    /** An outgoing interface with every status key at its declared default, as websms resolves it. */
    private static InterfaceConfig.Builder defaults() {
        InterfaceConfig.Builder config = InterfaceConfig.builder(Direction.OUTBOUND);
        for (ConfigKey key : GenericStatusParser.KEYS) {
            config.put(key.name(), key.defaultValue());
        }
        return config;
    }

    private List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        return provider.statusParser(config).parse(request, config);
    }

    /** What websms hands over for a JSON body: the raw bytes, and each top-level member as a field (nested ones as JSON text). */
    private static InboundRequest json(String body, String... members) {
        InboundRequest.Builder request = InboundRequest.builder().body(body.getBytes(StandardCharsets.UTF_8))
                .headers(io.websms.api.Headers.of(List.of(new io.websms.api.Headers.Field("Content-Type", "application/json"))));
        for (int i = 0; i < members.length; i += 2) {
            request.field(members[i], members[i + 1]);
        }
        return request.build();
    }

    @Test
    void theDefaultsReadA46elksStyleFormCallback() throws Exception {
        // 46elks posts id, status (sent, delivered, failed) and, when delivered, the time in UTC without an offset.
        InterfaceConfig config = defaults().put("status_key_time", "delivered").build();
        List<StatusReport> reports = parse(InboundRequest.builder().field("id", "s70df59406a1b4643b96f3f91e0bfb7b0")
                .field("status", "delivered").field("delivered", "2018-07-13T13:57:23.741000").build(), config);
        assertEquals(List.of(StatusReport.builder("s70df59406a1b4643b96f3f91e0bfb7b0").rawStatus("delivered").status(DeliveryStatus.DELIVERED)
                .time(Instant.parse("2018-07-13T13:57:23.741Z")).build()), reports);
        assertEquals(Optional.of(DeliveryStatus.FAILED), parse(InboundRequest.builder().field("id", "s1").field("status", "failed").build(), config).get(0).status());
    }

    @Test
    void aJsonCallbackIsReadFromTheShallowestPlaceAndTheWordsAreMappedInAnyCase() throws Exception {
        InterfaceConfig config = defaults().put("status_key_id", "message_id").put("status_key_status", "dlr_status")
                .put("status_key_error_code", "err").put("status_key_error_text", "description").put("status_key_time", "done_at")
                .put("status_delivered", "delivered, DELIVRD").put("status_undelivered", "UNDELIV").put("status_failed", "failed,REJECTD")
                .put("status_rejected", "").put("status_expired", "EXPIRED").build();
        String data = "{\"message_id\":\"m-42\",\"dlr_status\":\"undeliv\",\"err\":30007,\"description\":\"Carrier filtered\","
                + "\"done_at\":\"2026-11-02T10:15:30+01:00\",\"meta\":{\"message_id\":\"deeper-loses\"}}";
        StatusReport report = parse(json("{\"event\":\"dlr\",\"data\":" + data + "}", "event", "dlr", "data", data), config).get(0);
        assertEquals(StatusReport.builder("m-42").rawStatus("undeliv").status(DeliveryStatus.UNDELIVERED).errorCode("30007")
                .errorText("Carrier filtered").time(Instant.parse("2026-11-02T09:15:30Z")).build(), report);
        assertEquals(Optional.of(DeliveryStatus.DELIVERED),
                parse(json("{}", "message_id", "m-1", "dlr_status", "DelivRd"), config).get(0).status());
        assertEquals(Optional.of(DeliveryStatus.FAILED),
                parse(json("{}", "message_id", "m-1", "dlr_status", "REJECTD"), config).get(0).status());
    }

    @Test
    void anUnknownWordIsAReportWithoutAStatusNotAnError() throws Exception {
        StatusReport report = parse(InboundRequest.builder().field("id", "m-7").field("status", "partially_delivered").build(), defaults().build()).get(0);
        assertEquals(Optional.empty(), report.status());
        assertEquals("partially_delivered", report.rawStatus());
    }

    @Test
    void aMissingIdOrStatusIsA400NamingTheField() {
        InterfaceConfig config = defaults().put("status_key_id", "MessageSid").build();
        WebhookException noId = assertThrows(WebhookException.class, () -> parse(InboundRequest.builder().field("status", "sent").build(), config));
        assertEquals(400, noId.status());
        assertEquals("MessageSid: the message id is missing", noId.getMessage());
        WebhookException noStatus = assertThrows(WebhookException.class,
                () -> parse(InboundRequest.builder().field("MessageSid", "SM1").field("status", " ").build(), config));
        assertEquals("status: the status is missing", noStatus.getMessage());
        WebhookException empty = assertThrows(WebhookException.class, () -> parse(InboundRequest.builder().build(), config));
        assertEquals(400, empty.status());
    }

    @Test
    void anIdWithALineBreakOrOfAnyLengthIsRefused() {
        InterfaceConfig config = defaults().build();
        for (String id : List.of("m-1\nINFO forged", "m\u0000", "x".repeat(257))) {
            WebhookException refused = assertThrows(WebhookException.class,
                    () -> parse(InboundRequest.builder().field("id", id).field("status", "sent").build(), config));
            assertEquals("id: not a message id (at most 256 characters, no control characters)", refused.getMessage());
        }
    }

    @Test
    void anUnsetOptionalFieldMatchesNothingNotEvenAnEmptyName() throws Exception {
        StatusReport report = parse(InboundRequest.builder().field("id", "m-1").field("status", "failed").field("", "30001").build(), defaults().build()).get(0);
        assertEquals(Optional.empty(), report.errorCode());
    }

    @Test
    void timesAreReadInTheCommonFormsAndAnythingElseIsLeftOut() {
        assertEquals(Instant.parse("2026-11-02T10:15:30Z"), GenericStatusParser.time("2026-11-02T10:15:30Z"));
        assertEquals(Instant.parse("2026-11-02T10:15:30Z"), GenericStatusParser.time("2026-11-02 10:15:30"));
        assertEquals(Instant.ofEpochSecond(1_793_614_530L), GenericStatusParser.time("1793614530"));
        assertEquals(Instant.ofEpochMilli(1_793_614_530_123L), GenericStatusParser.time("1793614530123"));
        assertNull(GenericStatusParser.time("yesterday"));
        assertNull(GenericStatusParser.time("2026-13-45T99:00:00"));
        assertNull(GenericStatusParser.time(""));
    }

    @Test
    void aTakenStatusPathNeedsTheIdAndStatusFieldsAndOneMeaningPerWord() {
        assertEquals(List.of(), provider.check(defaults().put("status_key_id", "").build()), "without status_path nothing is read");
        List<ConfigProblem> problems = provider.check(defaults().put("status_path", "/status").put("status_key_id", "").put("status_key_status", "")
                .put("status_failed", "failed,rejected").build());
        assertEquals(List.of(
                ConfigProblem.error("status_key_id", "status_path is set, but no status callback field is named for the message id",
                        "set status_key_id to the field that holds the ITSP's message id, e.g. status_key_id = id"),
                ConfigProblem.error("status_key_status", "status_path is set, but no status callback field is named for the status",
                        "set status_key_status to the field that holds the ITSP's status word, e.g. status_key_status = status"),
                ConfigProblem.error("status_rejected", "'rejected' is also in status_failed: a word of the ITSP can mean one status only",
                        "remove it from status_rejected or status_failed")), problems);
        assertEquals(List.of(), provider.check(defaults().put("status_path", "/status").put("status_failed", "failed,rejected").put("status_rejected", "").build()));
    }

    @Test
    void theGenericProviderDeclaresItsStatusKeysForTheOutgoingSectionAndTheContractSecretForTheIncomingOne() {
        assertEquals(GenericStatusParser.KEYS, provider.keys().stream().filter(k -> k.direction() == Direction.OUTBOUND).toList());
        assertEquals(List.of("auth_secret (secret)"), provider.keys().stream().filter(k -> k.direction() == Direction.INBOUND)
                .map(k -> k.name() + (k.secret() ? " (secret)" : "")).toList());
        assertEquals(List.of("status_key_id=id", "status_key_status=status", "status_key_error_code=", "status_key_error_text=", "status_key_time=",
                        "status_accepted=accepted", "status_queued=queued", "status_sent=sent", "status_delivered=delivered",
                        "status_undelivered=undelivered", "status_failed=failed", "status_rejected=rejected", "status_expired=expired"),
                GenericStatusParser.KEYS.stream().map(k -> k.name() + "=" + k.defaultValue()).toList());
    }
}
