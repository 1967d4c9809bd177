package io.websms.provider.telnyx;

import io.websms.api.ConfigProblem;
import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.ItspResponse;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.Provider;
import io.websms.api.SendResult;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import io.websms.api.WebhookReply;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Telnyx, from its public API documentation: the requests and replies of "Send a message"
 * (https://developers.telnyx.com/api-reference/messages/send-a-message), the error shape and codes
 * (https://developers.telnyx.com/development/api-fundamentals/api-errors), the "Inbound Message" webhook
 * (https://developers.telnyx.com/api-reference/callbacks/inbound-message), the "Delivery Update" webhook
 * (https://developers.telnyx.com/api-reference/callbacks/delivery-update), the message.finalized delivery receipt of
 * "Receiving Webhooks" (https://developers.telnyx.com/docs/messaging/messages/receiving-webhooks) and the delivery
 * error codes (https://developers.telnyx.com/docs/messaging/messages/error-codes). Telnyx publishes no example key and
 * signature for its Ed25519 webhooks, so the signature tests sign with a key pair of their own ({@link TelnyxSigner}).
 */
class TelnyxTest {

    private static final String API_KEY = "KEY017D0A2B3C4D5E6F_exampleApiKeyValue";

    /** The "Inbound Message" webhook's example, as Telnyx documents it. */
    private static final String INBOUND_EXAMPLE = """
            {"data":{"event_type":"message.received","id":"bf6307bd-884d-4c1f-b6ea-c62b8c495d3c","occurred_at":"date-time",\
            "payload":{"cc":[],"completed_at":null,"cost":{"amount":0.0051,"currency":"USD"},\
            "cost_breakdown":{"carrier_fee":{"amount":0.00305,"currency":"USD"},"rate":{"amount":0.00205,"currency":"USD"}},\
            "direction":"inbound","encoding":"GSM-7","errors":[],\
            "from":{"carrier":"T-MOBILE USA, INC.","line_type":"Wireless","phone_number":"+18665550001"},\
            "id":"7ee4241c-f127-47e5-9c34-3aac291f8058","media":[],"messaging_profile_id":"0f512bda-ae1e-4597-8e11-e5f5686b97d3",\
            "organization_id":"b448f9cc-a842-4784-98e9-03c1a5872950","parts":1,"received_at":"2019-01-23T18:10:02.574Z",\
            "record_type":"message","sent_at":null,"subject":"From Telnyx!","tags":["Greetings"],"tcr_campaign_billable":true,\
            "tcr_campaign_id":"TCPA3X7","tcr_campaign_registered":"REGISTERED","text":"Hello, World!",\
            "to":[{"carrier":"TELNYX LLC","line_type":"VoIP","phone_number":"+18445550001","status":"delivered"}],\
            "type":"SMS","valid_until":null,"webhook_failover_url":"https://backup.example.com/hooks",\
            "webhook_url":"https://www.example.com/hooks"},"record_type":"event"}}""";

    /** The "Delivery Update" webhook's example (message.sent of an MMS), as Telnyx documents it. */
    private static final String DELIVERY_UPDATE_EXAMPLE = """
            {"data":{"record_type":"event","id":"86f58db9-0fe3-4adc-9d1f-46e66e6e9323","event_type":"message.sent",\
            "occurred_at":"2019-01-23T18:10:02.574Z","payload":{"record_type":"message","direction":"outbound",\
            "id":"40385f64-5717-4562-b3fc-2c963f66afa6","type":"MMS","messaging_profile_id":"4000eba1-a0c0-4563-9925-b25e842a7cb6",\
            "organization_id":"b448f9cc-a842-4784-98e9-03c1a5872950",\
            "from":{"phone_number":"+18445550001","carrier":"TELNYX LLC","line_type":"VoIP"},\
            "to":[{"phone_number":"+18665550001","status":"queued","carrier":"T-MOBILE USA, INC.","line_type":"Wireless"}],\
            "cc":[],"text":"Hello, World!","subject":"From Telnyx!",\
            "media":[{"url":"https://pbs.twimg.com/profile_images/1142168442042118144/AW3F4fFD_400x400.png","content_type":null,"sha256":null,"size":null}],\
            "webhook_url":"https://www.example.com/hooks","webhook_failover_url":"https://backup.example.com/hooks","encoding":"GSM-7",\
            "parts":1,"tags":["Greetings"],"cost":{"amount":"0.0051","currency":"USD"},"received_at":"2019-01-23T18:10:02.574Z",\
            "sent_at":null,"completed_at":null,"valid_until":null,"errors":[]}},\
            "meta":{"attempt":1,"delivered_to":"https://www.example.com/hooks"}}""";

    private final Provider provider = new TelnyxProvider();
    private final TelnyxSigner signer = new TelnyxSigner();

    private InterfaceConfig outbound() {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("telnyx").put("url_host", "https://api.telnyx.com")
                .put("url_path", "/v2/messages").putSecret("auth_secret", API_KEY).put("public_key", signer.publicKey()).build();
    }

    private InterfaceConfig inbound() {
        return InterfaceConfig.builder(Direction.INBOUND).provider("telnyx").put("public_key", signer.publicKey()).build();
    }

    private OutboundRequest send(Message message, InterfaceConfig config) throws InvalidMessageException {
        OutboundRequest mapped = provider.requestMapper(config).map(message, config);
        return provider.authScheme(config).authenticate(mapped, config);
    }

    @Test
    void sendsTheDocumentedRequestWithTheApiKeyAsBearerToken() throws Exception {
        InterfaceConfig config = outbound().toBuilder().put("messaging_profile_id", "4000eba1-a0c0-4563-9925-b25e842a7cb6")
                .put("status_url", "https://pbx.example.com/status/telnyx").build();
        OutboundRequest request = send(Message.of("+18665550001", "+18445550001", "Hello, World!"), config);
        assertEquals("POST", request.method());
        assertEquals(URI.create("https://api.telnyx.com/v2/messages"), request.uri());
        assertEquals("application/json; charset=utf-8", request.contentType());
        assertEquals(Optional.of("Bearer " + API_KEY), request.headers().first("Authorization"));
        assertEquals("{\"from\":\"+18445550001\",\"to\":\"+18665550001\",\"text\":\"Hello, World!\","
                + "\"messaging_profile_id\":\"4000eba1-a0c0-4563-9925-b25e842a7cb6\",\"webhook_url\":\"https://pbx.example.com/status/telnyx\"}",
                request.bodyText());
    }

    @Test
    void numbersGoInE164AnAlphanumericSenderAsItIsAndMediaAsMediaUrls() throws Exception {
        Message mms = Message.builder().to("+1 (866) 555-0001").from("Acme").body("")
                .media(List.of("https://pbs.twimg.com/profile_images/1142168442042118144/AW3F4fFD_400x400.png")).build();
        assertEquals("{\"from\":\"Acme\",\"to\":\"+18665550001\",\"text\":\"\","
                + "\"media_urls\":[\"https://pbs.twimg.com/profile_images/1142168442042118144/AW3F4fFD_400x400.png\"]}", send(mms, outbound()).bodyText());
        assertEquals("{\"from\":\"+46701234567\",\"to\":\"+46701234568\",\"text\":\"hej\"}",
                send(Message.of("0046701234568", "46701234567", "hej"), outbound()).bodyText());
        InvalidMessageException letters = assertThrows(InvalidMessageException.class, () -> send(Message.of("call-me", "+18445550001", "x"), outbound()));
        assertEquals("to", letters.field());
        InvalidMessageException empty = assertThrows(InvalidMessageException.class, () -> send(Message.of("+18665550001", "+18445550001", ""), outbound()));
        assertEquals("body: the message text is empty; nothing to send", empty.getMessage());
    }

    @Test
    void repliesAreClassifiedByStatusWithTelnyxsErrorsAsTheReason() {
        InterfaceConfig config = outbound();
        assertEquals(SendResult.sent(200, "40385f64-5717-4562-b3fc-2c963f66afa6"), check(200,
                "{\"data\":{\"record_type\":\"message\",\"direction\":\"outbound\",\"id\":\"40385f64-5717-4562-b3fc-2c963f66afa6\",\"type\":\"SMS\","
                        + "\"from\":{\"phone_number\":\"+18445550001\"},\"to\":[{\"phone_number\":\"+18665550001\",\"status\":\"queued\"}],"
                        + "\"text\":\"Hello, World!\",\"errors\":[]}}", config));
        assertEquals(SendResult.rejected(422, "HTTP 422: 10016 Phone number must be in +E.164 format: The specified phone number parameter must be in +E.164 format."),
                check(422, "{\"errors\":[{\"code\":\"10016\",\"title\":\"Phone number must be in +E.164 format\","
                        + "\"detail\":\"The specified phone number parameter must be in +E.164 format.\",\"source\":{\"pointer\":\"/to\"}}]}", config));
        assertEquals(SendResult.rejected(401, "HTTP 401: 10009 Authentication failed: The required authentication headers were either invalid or not included in the request."),
                check(401, "{\"errors\":[{\"code\":\"10009\",\"title\":\"Authentication failed\","
                        + "\"detail\":\"The required authentication headers were either invalid or not included in the request.\"}]}", config));
        assertEquals(SendResult.failed(429, "HTTP 429: 10011 Too many requests: You have exceeded the maximum number of allowed requests."),
                check(429, "{\"errors\":[{\"code\":\"10011\",\"title\":\"Too many requests\","
                        + "\"detail\":\"You have exceeded the maximum number of allowed requests.\"}]}", config));
        assertEquals(SendResult.failed(408, "HTTP 408: 10008 Request timeout (and 1 more)"),
                check(408, "{\"errors\":[{\"code\":\"10008\",\"title\":\"Request timeout\"},{\"code\":\"10007\",\"title\":\"Unexpected error\"}]}", config));
        assertEquals(SendResult.Outcome.FAILED, check(503, "<html>Service Unavailable</html>", config).outcome());
        assertEquals(SendResult.rejected(200, "HTTP 200 without data.id: not Telnyx's message resource"), check(200, "<html>ok</html>", config),
                "Telnyx may have the message: not tried again");
    }

    private SendResult check(int status, String body, InterfaceConfig config) {
        return provider.responseChecker(config).check(ItspResponse.of(status, body), config);
    }

    @Test
    void theDocumentedInboundMessageIsReadAndAcknowledgedWith200() throws Exception {
        InterfaceConfig config = inbound();
        InboundRequest request = signer.sign(TelnyxSigner.event(INBOUND_EXAMPLE));
        provider.signatureVerifier(config).verify(request, config);
        List<Message> messages = provider.webhookParser(config).parseAll(request, config);
        assertEquals(List.of(Message.builder().to("+18445550001").from("+18665550001").body("Hello, World!")
                .id("7ee4241c-f127-47e5-9c34-3aac291f8058").build()), messages);
        assertEquals(new WebhookReply(200, "text/plain; charset=utf-8", ""), provider.acknowledger(config).ack(messages.get(0), config));
    }

    @Test
    void anMmsGivesTheUrlOfEachMediaInOrder() throws Exception {
        String mms = INBOUND_EXAMPLE.replace("\"media\":[]", "\"media\":[{\"url\":\"https://pbs.twimg.com/profile_images/1142168442042118144/AW3F4fFD_400x400.png\","
                + "\"content_type\":\"image/png\",\"sha256\":null,\"size\":null},{\"url\":\"https://media.example.com/b.jpg\",\"content_type\":\"image/jpeg\"}]")
                .replace("\"text\":\"Hello, World!\"", "\"text\":null");
        Message message = provider.webhookParser(inbound()).parseAll(TelnyxSigner.event(mms), inbound()).get(0);
        assertEquals("", message.body(), "a picture without text");
        assertEquals(List.of("https://pbs.twimg.com/profile_images/1142168442042118144/AW3F4fFD_400x400.png", "https://media.example.com/b.jpg"),
                message.media());
    }

    @Test
    void otherEventsOnTheWebhookAreAcknowledgedWith200AndIgnored() throws Exception {
        InterfaceConfig config = inbound();
        InboundRequest request = signer.sign(TelnyxSigner.event(DELIVERY_UPDATE_EXAMPLE));
        provider.signatureVerifier(config).verify(request, config);
        assertEquals(List.of(), provider.webhookParser(config).parseAll(request, config));
        assertEquals(new WebhookReply(200, "text/plain; charset=utf-8", ""), provider.acknowledger(config).ackIgnored(config),
                "Telnyx tries its failover URL after anything but a 200");
        WebhookException notJson = assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parseAll(TelnyxSigner.event("To=%2B18445550001&Body=hi"), config));
        assertEquals("body: not a Telnyx event: a JSON object with data.event_type is expected (set the messaging profile's webhook API version to 2)",
                notJson.getMessage());
        WebhookException noSender = assertThrows(WebhookException.class, () -> provider.webhookParser(config)
                .parseAll(TelnyxSigner.event(INBOUND_EXAMPLE.replace("\"phone_number\":\"+18665550001\"", "\"phone_number\":null")), config));
        assertEquals("data.payload.from.phone_number: the sender is missing", noSender.getMessage());
    }

    @Test
    void aWebhookSignedWithTheAccountKeyPassesAndAnythingElseGets403() throws Exception {
        InterfaceConfig config = inbound();
        InboundRequest genuine = signer.sign(TelnyxSigner.event(INBOUND_EXAMPLE));
        provider.signatureVerifier(config).verify(genuine, config);

        InboundRequest altered = TelnyxSigner.withHeaders(TelnyxSigner.event(INBOUND_EXAMPLE.replace("Hello, World!", "Hello, Mallory!")),
                genuine.headers().first("telnyx-signature-ed25519").orElseThrow(), genuine.headers().first("telnyx-timestamp").orElseThrow());
        assertEquals("telnyx-signature-ed25519 does not match (check public_key of [websmsd]: Mission Control, Keys & Credentials)", refused(altered, config));
        InboundRequest otherAccount = new TelnyxSigner().sign(TelnyxSigner.event(INBOUND_EXAMPLE));
        assertTrue(refused(otherAccount, config).startsWith("telnyx-signature-ed25519 does not match"));
        assertEquals("no telnyx-signature-ed25519 header, and public_key is set", refused(TelnyxSigner.event(INBOUND_EXAMPLE), config));
        InboundRequest noTimestamp = TelnyxSigner.withHeaders(TelnyxSigner.event(INBOUND_EXAMPLE), "c2ln", "");
        assertEquals("no telnyx-timestamp header, and public_key is set", refused(noTimestamp, config));
        InboundRequest notBase64 = TelnyxSigner.withHeaders(TelnyxSigner.event(INBOUND_EXAMPLE), "not base64!", "1700000000");
        assertEquals("telnyx-signature-ed25519 is not base64", refused(notBase64, config));
        InboundRequest movedTimestamp = TelnyxSigner.withHeaders(TelnyxSigner.event(INBOUND_EXAMPLE),
                genuine.headers().first("telnyx-signature-ed25519").orElseThrow(), Long.toString(Instant.now().getEpochSecond() + 1));
        assertTrue(refused(movedTimestamp, config).startsWith("telnyx-signature-ed25519 does not match"), "the timestamp is signed too");
    }

    @Test
    void aWellSignedWebhookOlderOrNewerThanFiveMinutesIsARefusedReplay() throws Exception {
        Instant now = Instant.parse("2026-11-02T10:15:00Z");
        TelnyxSignatureVerifier verifier = new TelnyxSignatureVerifier(Clock.fixed(now, ZoneOffset.UTC));
        InterfaceConfig config = inbound();
        verifier.verify(signer.sign(TelnyxSigner.event(INBOUND_EXAMPLE), now.minus(Duration.ofSeconds(299))), config);
        verifier.verify(signer.sign(TelnyxSigner.event(INBOUND_EXAMPLE), now.plus(Duration.ofSeconds(300))), config);
        WebhookException old = assertThrows(WebhookException.class,
                () -> verifier.verify(signer.sign(TelnyxSigner.event(INBOUND_EXAMPLE), now.minus(Duration.ofMinutes(6))), config));
        assertEquals(403, old.status());
        assertEquals("telnyx-timestamp is 360 s from now, more than the 300 s allowed (a replayed webhook, or this machine's clock is wrong)",
                old.getMessage());
        WebhookException future = assertThrows(WebhookException.class,
                () -> verifier.verify(signer.sign(TelnyxSigner.event(INBOUND_EXAMPLE), now.plus(Duration.ofSeconds(301))), config));
        assertEquals(403, future.status());
    }

    @Test
    void withoutPublicKeyNothingIsCheckedAndCheckConfigSaysSo() throws Exception {
        InterfaceConfig config = InterfaceConfig.builder(Direction.INBOUND).provider("telnyx").build();
        provider.signatureVerifier(config).verify(TelnyxSigner.event(INBOUND_EXAMPLE), config);
        assertEquals(List.of(ConfigProblem.warning("public_key", "without public_key, anyone who can reach the webhook can post messages to your phones",
                "set public_key to your account's Public Key (Mission Control: Keys & Credentials)")), provider.check(config));
        assertEquals(List.of(), provider.check(inbound()));
        assertEquals(List.of(ConfigProblem.error("public_key", "public_key is not a base64 Ed25519 public key (32 bytes)",
                "copy the Public Key from Mission Control: Keys & Credentials, as shown there")), provider.check(config.with("public_key", "c2hvcnQ=")));
        InterfaceConfig sending = outbound().with("public_key", "");
        assertEquals(List.of(), provider.check(sending), "no status_path: no delivery events to check");
        assertEquals(List.of("public_key"), provider.check(sending.with("status_path", "/status/telnyx")).stream().map(ConfigProblem::key).toList());
        assertEquals(List.of("status_url"), provider.check(outbound().with("status_url", "https://pbx.example.com/status/telnyx"))
                .stream().map(ConfigProblem::key).toList(), "status_url without status_path: nothing serves Telnyx's events");
        assertEquals(List.of(ConfigProblem.error("auth_secret", "Telnyx needs your API key in auth_secret; without it every message is refused (401)",
                "set auth_secret to an API key from Mission Control: API Keys")), provider.authScheme(sending).check(sending.with("auth_secret", "")));
    }

    @Test
    void theDocumentedDeliveryReceiptGivesTheStatusAndTime() throws Exception {
        InterfaceConfig config = outbound();
        String finalized = DELIVERY_UPDATE_EXAMPLE.replace("\"event_type\":\"message.sent\"", "\"event_type\":\"message.finalized\"")
                .replace("\"occurred_at\":\"2019-01-23T18:10:02.574Z\"", "\"occurred_at\":\"2019-12-09T21:32:14.148+00:00\"")
                .replace("\"status\":\"queued\"", "\"status\":\"delivered\"");
        assertEquals(List.of(StatusReport.builder("40385f64-5717-4562-b3fc-2c963f66afa6").rawStatus("delivered").status(DeliveryStatus.DELIVERED)
                .time(Instant.parse("2019-12-09T21:32:14.148Z")).build()), readStatus(signer.sign(TelnyxSigner.event(finalized)), config));
        assertEquals(List.of(StatusReport.builder("40385f64-5717-4562-b3fc-2c963f66afa6").rawStatus("queued").status(DeliveryStatus.QUEUED)
                .time(Instant.parse("2019-01-23T18:10:02.574Z")).build()), readStatus(signer.sign(TelnyxSigner.event(DELIVERY_UPDATE_EXAMPLE)), config));
    }

    @Test
    void aFailedDeliveryCarriesTelnyxsErrorCodeAndTitle() throws Exception {
        String failed = DELIVERY_UPDATE_EXAMPLE.replace("\"event_type\":\"message.sent\"", "\"event_type\":\"message.finalized\"")
                .replace("\"status\":\"queued\"", "\"status\":\"delivery_failed\"")
                .replace("\"errors\":[]", "\"errors\":[{\"code\":\"40008\",\"title\":\"Undeliverable\",\"detail\":\"Carrier did not accept the message\"}]");
        StatusReport report = readStatus(signer.sign(TelnyxSigner.event(failed)), outbound()).get(0);
        assertEquals(Optional.of(DeliveryStatus.UNDELIVERED), report.status());
        assertEquals(Optional.of("40008"), report.errorCode());
        assertEquals(Optional.of("Undeliverable: Carrier did not accept the message"), report.errorText());
        String sendingFailed = failed.replace("delivery_failed", "sending_failed");
        assertEquals(Optional.of(DeliveryStatus.FAILED), readStatus(signer.sign(TelnyxSigner.event(sendingFailed)), outbound()).get(0).status());
    }

    @Test
    void deliveryEventsAreCheckedWithThePublicKeyOfTheSendingInterface() {
        InterfaceConfig config = outbound();
        InboundRequest unsigned = TelnyxSigner.event(DELIVERY_UPDATE_EXAMPLE);
        assertEquals("no telnyx-signature-ed25519 header, and public_key is set", refused(unsigned, config));
        InboundRequest forged = new TelnyxSigner().sign(unsigned);
        assertEquals("telnyx-signature-ed25519 does not match (check public_key of [websms]: Mission Control, Keys & Credentials)", refused(forged, config));
    }

    @Test
    void anIncomingMessageOnTheStatusPathGivesNoReportAndAnEventWithoutIdIsA400() throws Exception {
        InterfaceConfig config = outbound();
        assertEquals(List.of(), provider.statusParser(config).parse(TelnyxSigner.event(INBOUND_EXAMPLE), config));
        String noId = DELIVERY_UPDATE_EXAMPLE.replace("\"id\":\"40385f64-5717-4562-b3fc-2c963f66afa6\",", "");
        WebhookException missing = assertThrows(WebhookException.class, () -> provider.statusParser(config).parse(TelnyxSigner.event(noId), config));
        assertEquals("data.payload.id: the message id is missing", missing.getMessage());
    }

    @Test
    void keysAndCoreKeysAreDeclaredPerSection() {
        assertEquals(Set.of("url_host", "url_path"), provider.coreKeysRead(Direction.OUTBOUND));
        assertEquals(Set.of(), provider.coreKeysRead(Direction.INBOUND));
        assertEquals(List.of(Direction.OUTBOUND), provider.keys().stream().filter(k -> k.name().equals("status_url")).map(k -> k.direction()).toList());
        assertEquals(List.of(Direction.OUTBOUND, Direction.INBOUND),
                provider.keys().stream().filter(k -> k.name().equals("public_key")).map(k -> k.direction()).toList());
    }

    private List<StatusReport> readStatus(InboundRequest request, InterfaceConfig config) throws WebhookException {
        provider.signatureVerifier(config).verify(request, config);
        return provider.statusParser(config).parse(request, config);
    }

    private String refused(InboundRequest request, InterfaceConfig config) {
        WebhookException e = assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(request, config));
        assertEquals(403, e.status());
        return e.getMessage();
    }
}
