package io.websms.provider.twiliolike;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.Provider;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Twilio's status callbacks: read from the form Twilio posts, signed over status_url with the sending interface's token. */
class TwilioStatusCallbackTest {

    private static final String TOKEN = "twilio-auth-token";
    private static final String STATUS_URL = "https://pbx.example.com/status/twilio";

    private final Provider provider = new TwilioLikeProvider();

    /** The sending interface, as websms resolves it: the auth token is its auth_secret. */
    private static InterfaceConfig outbound(String statusUrl) {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("twilio-like").put("auth_user", "AC0123456789")
                .putSecret("auth_secret", TOKEN).put("status_url", statusUrl).put("status_path", "/status/twilio").build();
    }

    /** The fields of a status callback as Twilio posts them for an SMS (its documented properties, MessageStatus and ErrorCode). */
    private static Map<String, String> callback(String status, String errorCode) {
        Map<String, String> fields = new TreeMap<>(Map.of("AccountSid", "AC0123456789", "ApiVersion", "2010-04-01",
                "From", "+15017122661", "To", "+12025550183", "MessageSid", "SM5f7b1c2e8a1d4e0012c3b4a5d6e7f8a9",
                "SmsSid", "SM5f7b1c2e8a1d4e0012c3b4a5d6e7f8a9", "MessageStatus", status, "SmsStatus", status));
        if (errorCode != null) {
            fields.put("ErrorCode", errorCode);
        }
        return fields;
    }

    /** The request websms hands over: as received behind a proxy (its own URL differs), signed or not. */
    private static InboundRequest request(Map<String, String> fields, String signature) {
        InboundRequest.Builder request = InboundRequest.builder().path("/status/twilio").target("/status/twilio")
                .publicUrl("http://127.0.0.1:8080/status/twilio");
        fields.forEach(request::field);
        if (signature != null) {
            request.headers(Headers.of(List.of(new Headers.Field("X-Twilio-Signature", signature))));
        }
        return request.build();
    }

    private static InboundRequest signed(Map<String, String> fields) {
        Map<String, List<String>> multi = new TreeMap<>();
        fields.forEach((k, v) -> multi.put(k, List.of(v)));
        return request(fields, TwilioSignatureVerifier.sign(TOKEN, STATUS_URL, multi));
    }

    private List<StatusReport> read(InboundRequest request) throws WebhookException {
        InterfaceConfig config = outbound(STATUS_URL);
        provider.signatureVerifier(config).verify(request, config);
        return provider.statusParser(config).parse(request, config);
    }

    @Test
    void eachOfTwiliosStatusesMapsAsDocumented() throws Exception {
        Map<String, DeliveryStatus> expected = Map.ofEntries(Map.entry("accepted", DeliveryStatus.ACCEPTED), Map.entry("scheduled", DeliveryStatus.QUEUED),
                Map.entry("queued", DeliveryStatus.QUEUED), Map.entry("sending", DeliveryStatus.QUEUED), Map.entry("sent", DeliveryStatus.SENT),
                Map.entry("delivered", DeliveryStatus.DELIVERED), Map.entry("read", DeliveryStatus.DELIVERED),
                Map.entry("undelivered", DeliveryStatus.UNDELIVERED), Map.entry("failed", DeliveryStatus.FAILED), Map.entry("canceled", DeliveryStatus.FAILED));
        for (Map.Entry<String, DeliveryStatus> e : expected.entrySet()) {
            List<StatusReport> reports = read(signed(callback(e.getKey(), null)));
            assertEquals(1, reports.size(), e.getKey());
            assertEquals(Optional.of(e.getValue()), reports.get(0).status(), e.getKey());
            assertEquals(e.getKey(), reports.get(0).rawStatus());
        }
    }

    @Test
    void anUndeliveredCallbackCarriesTheIdAndErrorCode() throws Exception {
        Map<String, String> fields = callback("undelivered", "30007");
        fields.put("RawDlrDoneDate", "2611021015");
        assertEquals(List.of(StatusReport.builder("SM5f7b1c2e8a1d4e0012c3b4a5d6e7f8a9").rawStatus("undelivered")
                .status(DeliveryStatus.UNDELIVERED).errorCode("30007").errorText("Message filtered").build()), read(signed(fields)),
                "no time: RawDlrDoneDate has no time zone; the code's title from Twilio's error dictionary");
        Map<String, String> withText = callback("failed", "30008");
        withText.put("ErrorMessage", "Unknown error");
        assertEquals(Optional.of("Unknown error"), read(signed(withText)).get(0).errorText());
    }

    @Test
    void statusesTwilioUsesForIncomingMessagesOrAddedLaterAreCountedNotRefused() throws Exception {
        for (String status : List.of("received", "receiving", "partially_delivered", "some_new_status")) {
            StatusReport report = read(signed(callback(status, null))).get(0);
            assertEquals(Optional.empty(), report.status(), status);
            assertEquals(status, report.rawStatus());
        }
    }

    @Test
    void anUnsignedForgedOrAlteredCallbackIsRefusedWith403() {
        InterfaceConfig config = outbound(STATUS_URL);
        WebhookException unsigned = assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(config).verify(request(callback("delivered", null), null), config));
        assertEquals(403, unsigned.status());
        WebhookException forged = assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(config).verify(request(callback("delivered", null), "Zm9yZ2Vk"), config));
        assertEquals("X-Twilio-Signature does not match (check auth_secret, and status_url behind a proxy)", forged.getMessage());
        InboundRequest genuine = signed(callback("sent", null));
        Map<String, String> altered = callback("undelivered", "30007");
        InboundRequest replayed = request(altered, genuine.headers().first("X-Twilio-Signature").orElseThrow());
        assertEquals(403, assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(replayed, config)).status());
    }

    @Test
    void theSignatureCoversStatusUrlNotTheUrlWebsmsSawNorTheIncomingPublicUrl() throws Exception {
        InboundRequest request = signed(callback("delivered", null));
        InterfaceConfig withoutStatusUrl = outbound("");
        assertThrows(WebhookException.class, () -> provider.signatureVerifier(withoutStatusUrl).verify(request, withoutStatusUrl));
        InterfaceConfig publicUrlOnly = outbound("").toBuilder().put("public_url", STATUS_URL).build();
        assertThrows(WebhookException.class, () -> provider.signatureVerifier(publicUrlOnly).verify(request, publicUrlOnly),
                "public_url belongs to [websmsd]; status callbacks are checked against status_url");
        read(request);
    }

    @Test
    void aCallbackWithoutMessageSidOrStatusIsA400() {
        InterfaceConfig config = outbound(STATUS_URL);
        Map<String, String> noSid = callback("sent", null);
        noSid.remove("MessageSid");
        assertEquals("MessageSid: the message id is missing",
                assertThrows(WebhookException.class, () -> provider.statusParser(config).parse(request(noSid, null), config)).getMessage());
        Map<String, String> noStatus = callback("sent", null);
        noStatus.remove("MessageStatus");
        WebhookException missing = assertThrows(WebhookException.class, () -> provider.statusParser(config).parse(request(noStatus, null), config));
        assertEquals(400, missing.status());
        assertEquals("MessageStatus: the status is missing", missing.getMessage());
    }

    @Test
    void statusUrlIsDeclaredForTheSendingSectionOnlyAndAsksForCallbacksOnEverySend() throws Exception {
        assertEquals(List.of(Direction.OUTBOUND), provider.keys().stream().filter(k -> k.name().equals("status_url")).map(k -> k.direction()).toList());
        InterfaceConfig config = outbound(STATUS_URL).toBuilder().put("url_host", "https://api.twilio.com")
                .put("url_path", "/2010-04-01/Accounts/{auth_user}/Messages.json").put("key_to", "To").put("key_from", "From").put("key_body", "Body").build();
        Message message = Message.of("+12025550183", "+15017122661", "hi");
        assertEquals(STATUS_URL, provider.requestMapper(config).map(message, config).fields().get("StatusCallback"));
        InterfaceConfig without = config.with("status_url", "");
        assertFalse(provider.requestMapper(without).map(message, without).fields().containsKey("StatusCallback"));
    }
}
