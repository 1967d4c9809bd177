package io.websms.provider.flowroute;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.Headers;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flowroute's Messages v2.1 on its documented examples (see {@link FlowrouteExamples} for where each comes from). */
class FlowrouteTest {

    private final Provider provider = new FlowrouteProvider();

    private static InterfaceConfig outbound() {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("flowroute").put("url_host", "https://api.flowroute.com")
                .put("url_path", "/v2.1/messages").put("auth_user", "12345678").putSecret("auth_secret", "secret-key").build();
    }

    private static InterfaceConfig inbound(String secret) {
        return InterfaceConfig.builder(Direction.INBOUND).provider("flowroute").putSecret("auth_secret", secret).build();
    }

    private static InboundRequest post(String json) {
        return InboundRequest.builder().headers(Headers.of(List.of(new Headers.Field("Content-Type", "application/json"))))
                .body(json.getBytes(StandardCharsets.UTF_8)).build();
    }

    private OutboundRequest map(Message message, InterfaceConfig config) throws InvalidMessageException {
        return provider.requestMapper(config).map(message, config);
    }

    @Test
    void serviceLoaderFindsIt() {
        assertTrue(ServiceLoader.load(Provider.class).stream().anyMatch(p -> p.type() == FlowrouteProvider.class));
    }

    @Test
    void anSmsIsTheJsonApiDocumentOfSendAnSms() throws Exception {
        // "send an SMS" (v2.1): to and from in 11-digit form, body; application/vnd.api+json.
        OutboundRequest request = map(Message.of("+1 (206) 123-1234", "12065551234", "hello world"), outbound());
        assertEquals("POST https://api.flowroute.com/v2.1/messages", request.method() + " " + request.uri());
        assertEquals("application/vnd.api+json", request.contentType());
        assertEquals(Optional.of("application/vnd.api+json"), request.headers().first("Accept"));
        assertEquals("{\"data\":{\"type\":\"message\",\"attributes\":{\"to\":\"12061231234\",\"from\":\"12065551234\",\"body\":\"hello world\"}}}",
                request.bodyText());
    }

    @Test
    void mediaFromBodySendsTheLinksAsTheMmsOfTheLibrarysExample() throws Exception {
        // The README's send_a_message: body "hello there", is_mms, media_urls with one GIF.
        InterfaceConfig config = outbound().with("media_from_body", "1");
        OutboundRequest mms = map(Message.of("12061231234", "12065551234", "hello there http://s3.amazonaws.com/barkpost-assets/50+GIFs/37.gif"), config);
        assertEquals("{\"data\":{\"type\":\"message\",\"attributes\":{\"to\":\"12061231234\",\"from\":\"12065551234\",\"body\":\"hello there\","
                + "\"is_mms\":true,\"media_urls\":[\"http://s3.amazonaws.com/barkpost-assets/50+GIFs/37.gif\"]}}}", mms.bodyText());
        OutboundRequest pictureOnly = map(Message.of("12061231234", "12065551234", "https://example.com/a.jpg https://example.com/b.png"), config);
        assertEquals("{\"data\":{\"type\":\"message\",\"attributes\":{\"to\":\"12061231234\",\"from\":\"12065551234\",\"is_mms\":true,"
                + "\"media_urls\":[\"https://example.com/a.jpg\",\"https://example.com/b.png\"]}}}", pictureOnly.bodyText(), "no body: send an MMS allows it with media_urls");
        OutboundRequest off = map(Message.of("12061231234", "12065551234", "hello there https://example.com/a.jpg"), outbound());
        assertEquals("{\"data\":{\"type\":\"message\",\"attributes\":{\"to\":\"12061231234\",\"from\":\"12065551234\",\"body\":\"hello there https://example.com/a.jpg\"}}}",
                off.bodyText(), "without media_from_body the link stays in the text");
    }

    @Test
    void statusUrlIsEachMessagesDlrCallbackWithItsSecret() throws Exception {
        InterfaceConfig config = outbound().with("status_url", "https://pbx.example.com/status/flowroute").toBuilder().putSecret("status_secret", "s3 cr+t").build();
        assertEquals("{\"data\":{\"type\":\"message\",\"attributes\":{\"to\":\"12061231234\",\"from\":\"12065551234\",\"body\":\"hi\","
                + "\"dlr_callback\":\"https://pbx.example.com/status/flowroute?secret=s3+cr%2Bt\"}}}", map(Message.of("12061231234", "12065551234", "hi"), config).bodyText());
        InterfaceConfig withQuery = config.with("status_url", "https://pbx.example.com/status/flowroute?iface=1");
        assertEquals("https://pbx.example.com/status/flowroute?iface=1&secret=s3+cr%2Bt", FlowrouteRequestMapper.statusUrl(withQuery));
        assertEquals("https://pbx.example.com/s", FlowrouteRequestMapper.statusUrl(outbound().with("status_url", "https://pbx.example.com/s")));
    }

    @Test
    void numbersGoInFlowroutesElevenDigitForm() throws Exception {
        assertEquals("12065551234", FlowrouteRequestMapper.number("to", "+12065551234"));
        assertEquals("12065551234", FlowrouteRequestMapper.number("to", "0012065551234"));
        assertEquals("12065551234", FlowrouteRequestMapper.number("to", "(206) 555-1234"), "a North American number as dialled gets its 1");
        assertEquals("46701234567", FlowrouteRequestMapper.number("to", "+46 70 123 45 67"));
        assertEquals("0701234567", FlowrouteRequestMapper.number("to", "0701234567"), "a national number is left for Flowroute to refuse");
        InvalidMessageException sender = assertThrows(InvalidMessageException.class, () -> map(Message.of("12061231234", "Acme", "hi"), outbound()));
        assertEquals("from", sender.field());
        InvalidMessageException empty = assertThrows(InvalidMessageException.class, () -> map(Message.of("12061231234", "12065551234", ""), outbound()));
        assertEquals("body", empty.field());
    }

    @Test
    void theDocumentedRepliesAreClassified() {
        InterfaceConfig config = outbound();
        assertEquals(SendResult.sent(202, "mdr2-39cadeace66e11e7aff806cd7f24ba2d"),
                provider.responseChecker(config).check(ItspResponse.of(202, FlowrouteExamples.SEND_REPLY), config));
        assertEquals(SendResult.rejected(422, "HTTP 422: Unprocessable Entity: Error fetching media: File at \"\" is over 767840 byte limit."),
                provider.responseChecker(config).check(ItspResponse.of(422, FlowrouteExamples.MEDIA_TOO_LARGE), config));
        assertEquals(SendResult.rejected(400, "HTTP 400: Client Error: Could not geocode this address. Please check the validity of your address."),
                provider.responseChecker(config).check(ItspResponse.of(400, FlowrouteExamples.CLIENT_ERROR), config));
        assertEquals(SendResult.rejected(401, "HTTP 401: Unauthorized"), provider.responseChecker(config).check(ItspResponse.of(401,
                "{\"errors\":[{\"id\":\"x\",\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"Unauthorized\"}]}"), config));
        SendResult throttled = provider.responseChecker(config).check(ItspResponse.of(429,
                "{\"errors\":[{\"status\":429,\"title\":\"Too Many Requests\",\"detail\":\"Rate limit exceeded\"}]}"), config);
        assertEquals(SendResult.failed(429, "HTTP 429: Too Many Requests: Rate limit exceeded"), throttled);
        assertEquals(SendResult.Outcome.FAILED, provider.responseChecker(config).check(ItspResponse.of(503, ""), config).outcome());
        assertEquals(SendResult.failed(500, "HTTP 500"), provider.responseChecker(config).check(ItspResponse.of(500, "<html>oops</html>"), config));
        assertEquals(SendResult.rejected(202, "the reply holds no data.id"), provider.responseChecker(config).check(ItspResponse.of(202, "{\"data\":{}}"), config));
        assertEquals(SendResult.rejected(200, "the reply is not JSON"), provider.responseChecker(config).check(ItspResponse.of(200, "OK"), config));
    }

    @Test
    void theOlderFlatCallbackIsRead() throws Exception {
        InterfaceConfig config = inbound("");
        List<Message> messages = provider.webhookParser(config).parseAll(post(FlowrouteExamples.FLAT_SMS), config);
        assertEquals(List.of(Message.builder().to("12066418000").from("18553569768").body("Hello there from Flowroute!")
                .id("mdr1-febb118b9b034338adfc662a8c02fd88").build()), messages);
    }

    @Test
    void theV21SmsCallbackIsRead() throws Exception {
        InterfaceConfig config = inbound("");
        assertEquals(Message.builder().to("12012673227").from("12061232634").body("Hello are you there? ").id("mdr2-ca82be46e6ba11e79d08862d092cf73d").build(),
                provider.webhookParser(config).parse(post(FlowrouteExamples.V21_SMS), config));
    }

    @Test
    void theV21MmsGivesItsIncludedMediaInOrderAndANullTextIsEmpty() throws Exception {
        InterfaceConfig config = inbound("");
        Message mms = provider.webhookParser(config).parse(post(FlowrouteExamples.V21_MMS), config);
        assertEquals("", mms.body());
        assertEquals(List.of("https://s3.us-west-2.amazonaws.com/flowroute-messaging-media/f2a3b4c5-1",
                "https://s3.us-west-2.amazonaws.com/flowroute-messaging-media/f2a3b4c5-2"), mms.media());
        assertEquals("12012673227", mms.to());
        assertEquals(Optional.of("mdr2-b2f0d5a1c3e411e8a1b2c3d4e5f60718"), mms.id());
    }

    @Test
    void aDeliveryReceiptPostedToTheSmsCallbackIsAcknowledgedAndHoldsNoMessage() throws Exception {
        InterfaceConfig config = inbound("");
        assertEquals(List.of(), provider.webhookParser(config).parseAll(post(FlowrouteExamples.DLR_BUFFERED), config));
        assertEquals(new WebhookReply(200, "text/plain; charset=utf-8", ""), provider.acknowledger(config).ackIgnored(config),
                "200: Flowroute sends again whatever does not get 200, 204 included");
        Message stored = Message.of("12012673227", "12061232634", "x");
        assertEquals(new WebhookReply(200, "text/plain; charset=utf-8", ""), provider.acknowledger(config.with("resp_ack", "<Response/>")).ack(stored, config.with("resp_ack", "<Response/>")));
    }

    @Test
    void aBadCallbackIsA400NamingTheField() {
        InterfaceConfig config = inbound("");
        assertEquals("data.attributes.to: the destination number is missing", assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parse(post("{\"data\":{\"type\":\"message\",\"attributes\":{\"from\":\"12061232634\",\"body\":\"x\"}}}"), config)).getMessage());
        assertEquals("to: not a phone number (digits with an optional leading +)", assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parse(post("{\"to\":\"1206;x\",\"from\":\"12061232634\",\"body\":\"x\"}"), config)).getMessage());
        WebhookException twice = assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parse(post("{\"to\":\"12012673227\",\"to\":\"19995550000\",\"from\":\"12061232634\"}"), config));
        assertEquals(400, twice.status());
        assertEquals("body: not valid JSON (or a member given twice)", twice.getMessage());
        assertEquals("data.attributes.body: an object or array, not a text", assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parse(post("{\"data\":{\"attributes\":{\"to\":\"1\",\"from\":\"2\",\"body\":{\"a\":1}}}}"), config)).getMessage());
    }

    @Test
    void theUrlSecretIsRequiredWhenSetAndComparedExactly() throws Exception {
        InterfaceConfig config = inbound("Zq8v1T");
        InboundRequest plain = post(FlowrouteExamples.V21_SMS);
        WebhookException missing = assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(plain, config));
        assertEquals(403, missing.status());
        assertEquals("no secret parameter in the URL, and auth_secret is set", missing.getMessage());
        assertEquals("the secret parameter in the URL is not auth_secret", assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(config).verify(FlowrouteConformanceTest.withSecret(plain, "Zq8v1t"), config)).getMessage());
        InboundRequest twice = FlowrouteConformanceTest.withSecret(FlowrouteConformanceTest.withSecret(plain, "Zq8v1T"), "other");
        assertEquals(403, assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(twice, config)).status());
        provider.signatureVerifier(config).verify(FlowrouteConformanceTest.withSecret(plain, "Zq8v1T"), config);
        provider.signatureVerifier(inbound("")).verify(plain, inbound(""));
    }

    @Test
    void theDocumentedDeliveryReceiptsMapAndCarryTheirTime() throws Exception {
        InterfaceConfig config = outbound();
        assertEquals(List.of(StatusReport.builder("mdr2-39cadeace66e11e7aff806cd7f24ba2d").rawStatus("message buffered").status(DeliveryStatus.SENT)
                        .time(Instant.parse("2017-12-21T16:44:35Z")).build()),
                provider.statusParser(config).parse(post(FlowrouteExamples.DLR_BUFFERED), config), "accepted by the carrier: no error");
        assertEquals(List.of(StatusReport.builder("mdr2-39cadeace66e11e7aff806cd7f24ba2d").rawStatus("smsc submit").status(DeliveryStatus.SENT)
                .time(Instant.parse("2017-12-21T16:44:35Z")).build()), provider.statusParser(config).parse(post(FlowrouteExamples.DLR_SUBMIT), config));
    }

    @Test
    void aFailedOrUnknownReceiptCarriesItsCodeAndDescription() throws Exception {
        InterfaceConfig config = outbound();
        StatusReport failed = provider.statusParser(config).parse(post("{\"data\":{\"attributes\":{\"level\":2,\"status\":\"delivery failure\","
                + "\"status_code\":1005,\"status_code_description\":\"Message undeliverable\",\"timestamp\":\"not a time\"},\"id\":\"mdr2-1\","
                + "\"type\":\"delivery_receipt\"}}"), config).get(0);
        assertEquals(StatusReport.builder("mdr2-1").rawStatus("delivery failure").status(DeliveryStatus.UNDELIVERED).errorCode("1005")
                .errorText("Message undeliverable").build(), failed, "a time that is none is left out");
        StatusReport unknown = provider.statusParser(config).parse(post("{\"attributes\":{\"status\":\"some new word\",\"status_code\":1099},"
                + "\"id\":\"mdr2-2\",\"type\":\"delivery_receipt\"}"), config).get(0);
        assertEquals(Optional.empty(), unknown.status(), "without the data envelope, as some receipts come, and counted");
        assertEquals(Optional.of("1099"), unknown.errorCode());
    }

    @Test
    void aReceiptWithoutIdOrStatusIsA400AndAMessageOnTheDlrUrlNoReport() throws Exception {
        InterfaceConfig config = outbound();
        assertEquals("data.id: the message id is missing", assertThrows(WebhookException.class, () -> provider.statusParser(config)
                .parse(post("{\"data\":{\"attributes\":{\"status\":\"delivered\"},\"type\":\"delivery_receipt\"}}"), config)).getMessage());
        assertEquals("data.attributes.status: the status is missing", assertThrows(WebhookException.class, () -> provider.statusParser(config)
                .parse(post("{\"data\":{\"attributes\":{},\"id\":\"mdr2-1\",\"type\":\"delivery_receipt\"}}"), config)).getMessage());
        assertEquals(List.of(), provider.statusParser(config).parse(post(FlowrouteExamples.V21_SMS), config));
    }

    @Test
    void deliveryReceiptsAreCheckedWithStatusSecret() throws Exception {
        InterfaceConfig config = outbound().toBuilder().put("status_url", "https://pbx.example.com/status/flowroute").putSecret("status_secret", "dlr-secret").build();
        InboundRequest receipt = post(FlowrouteExamples.DLR_BUFFERED);
        assertEquals("no secret parameter in the URL, and status_secret is set",
                assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(receipt, config)).getMessage());
        provider.signatureVerifier(config).verify(FlowrouteConformanceTest.withSecret(receipt, "dlr-secret"), config);
        InterfaceConfig withoutSecret = outbound();
        provider.signatureVerifier(withoutSecret).verify(receipt, withoutSecret);
    }

    @Test
    void aStatusPathWithoutStatusUrlIsWarnedAbout() {
        InterfaceConfig config = outbound().with("status_path", "/status/flowroute");
        assertEquals(List.of("status_url"), provider.check(config).stream().map(p -> p.key()).toList());
        assertEquals(List.of(), provider.check(config.with("status_url", "https://pbx.example.com/status/flowroute")));
    }
}
