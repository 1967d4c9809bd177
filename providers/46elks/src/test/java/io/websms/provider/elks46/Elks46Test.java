package io.websms.provider.elks46;

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
import io.websms.api.auth.BasicAuth;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** 46elks's documented requests, replies, webhooks and delivery reports, read and written by the provider. */
class Elks46Test {

    /**
     * The SMS 46elks answers a send with: the members its documentation lists for an SMS (https://46elks.com/docs/send-sms,
     * "Response structure", and https://46elks.com/docs/show-sms-id), status {@code created} as the send's answer has it.
     */
    static final String SEND_REPLY = "{\"status\": \"created\", \"direction\": \"outgoing\", \"from\": \"CurlyElk\", "
            + "\"created\": \"2018-07-13T13:57:23.741000\", \"parts\": 1, \"to\": \"+46700000000\", \"cost\": 3500, "
            + "\"message\": \"Bring a sweater, it's cold outside\", \"id\": \"s3633fa8e62f823e52fbc67ebf6925ab5\"}";

    private final Provider provider = new Elks46Provider();

    private static InterfaceConfig outbound() {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("46elks").put("url_host", "https://api.46elks.com").put("url_path", "/a1/sms")
                .put("auth_method", "basic").put("auth_user", "u2c11ef65b429a8e16ccb1f960d02c734").putSecret("auth_secret", "C0ACCEEC0FAFE879189DD5D57F6EC348").build();
    }

    private static InterfaceConfig inbound(String secret) {
        return InterfaceConfig.builder(Direction.INBOUND).provider("46elks").putSecret("auth_secret", secret).build();
    }

    /** A form body as 46elks posts it, decoded as websms hands it to the provider. */
    private static InboundRequest.Builder form(String body) {
        InboundRequest.Builder request = InboundRequest.builder().body(body.getBytes(StandardCharsets.UTF_8));
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            request.field(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return request;
    }

    private OutboundRequest send(Message message, InterfaceConfig config) throws InvalidMessageException {
        return new BasicAuth().authenticate(provider.requestMapper(config).map(message, config), config);
    }

    // ---- sending

    @Test
    void theDocumentedCurlExampleGoesOutAsItsFormWithBasicAuth() throws Exception {
        // https://46elks.com/docs/send-sms: curl https://api.46elks.com/a1/sms -u <api_username>:<api_password>
        //   -d from=CurlyElk -d to=+46700000000 -d message="Bring a sweater, it's cold outside"
        OutboundRequest request = send(Message.of("+46700000000", "CurlyElk", "Bring a sweater, it's cold outside"), outbound());
        assertEquals("POST", request.method());
        assertEquals("https://api.46elks.com/a1/sms", request.uri().toString());
        assertEquals("application/x-www-form-urlencoded; charset=utf-8", request.contentType());
        assertEquals("from=CurlyElk&message=Bring+a+sweater%2C+it%27s+cold+outside&to=%2B46700000000", request.bodyText());
        assertEquals(Optional.of("Basic dTJjMTFlZjY1YjQyOWE4ZTE2Y2NiMWY5NjBkMDJjNzM0OkMwQUNDRUVDMEZBRkU4NzkxODlERDVENTdGNkVDMzQ4"),
                request.headers().first("Authorization"));
    }

    @Test
    void numbersAreSentInE164AndASenderNameAsTheTextSenderId() throws Exception {
        assertEquals("+46700000000", send(Message.of("0046 70-000 00 00", "+46766861004", "x"), outbound()).fields().get("to"));
        assertEquals("+46700000000", send(Message.of("46700000000", "+46766861004", "x"), outbound()).fields().get("to"));
        assertEquals("+46766861004", send(Message.of("+46700000000", "0046766861004", "x"), outbound()).fields().get("from"));
        assertEquals("ElkCo", send(Message.of("+46700000000", "ElkCo", "x"), outbound()).fields().get("from"));
        InvalidMessageException letters = assertThrows(InvalidMessageException.class, () -> send(Message.of("call-me", "+46766861004", "x"), outbound()));
        assertEquals("to", letters.field());
        InvalidMessageException empty = assertThrows(InvalidMessageException.class, () -> send(Message.of("+46700000000", "+46766861004", ""), outbound()));
        assertEquals("body", empty.field());
    }

    @Test
    void statusUrlGoesOutAsWhendeliveredWithTheStatusSecretInItsQuery() throws Exception {
        Message message = Message.of("+46700000000", "+46766861004", "x");
        assertFalse(send(message, outbound()).fields().containsKey("whendelivered"), "no status_url, no delivery reports");
        InterfaceConfig withUrl = outbound().with("status_url", "https://pbx.example.com/status/46elks");
        assertEquals("https://pbx.example.com/status/46elks", send(message, withUrl).fields().get("whendelivered"));
        InterfaceConfig withSecret = withUrl.toBuilder().putSecret("status_secret", "k7 &x").build();
        assertEquals("https://pbx.example.com/status/46elks?secret=k7+%26x", send(message, withSecret).fields().get("whendelivered"));
        InterfaceConfig withQuery = withSecret.with("status_url", "https://pbx.example.com/status/46elks?iface=2");
        assertEquals("from=%2B46766861004&message=x&to=%2B46700000000&whendelivered=https%3A%2F%2Fpbx.example.com%2Fstatus%2F46elks%3Fiface%3D2%26secret%3Dk7%2B%2526x",
                send(message, withQuery).bodyText());
    }

    @Test
    void theSmsInTheReplyGivesItsIdAndRefusalsTheirPlainTextReason() {
        // 46elks answers a refusal with a 4xx and a plain-text reason; the wordings here are examples, not quotes.
        assertEquals(SendResult.sent(200, "s3633fa8e62f823e52fbc67ebf6925ab5"), check(200, SEND_REPLY));
        assertEquals(SendResult.rejected(400, "HTTP 400: Invalid to number"), check(400, "Invalid to number\n"));
        assertEquals(SendResult.rejected(401, "HTTP 401: Wrong username or password"), check(401, "Wrong username or password"));
        assertEquals(SendResult.Outcome.FAILED, check(429, "Too many requests").outcome());
        assertEquals(SendResult.failed(503, "HTTP 503"), check(503, ""));
        assertEquals(SendResult.rejected(200, "46elks reports the SMS failed (id s1)"), check(200, "{\"id\":\"s1\",\"status\":\"failed\"}"));
        assertEquals(SendResult.rejected(200, "the reply holds no SMS id: {\"status\":\"created\"}"), check(200, "{\"status\":\"created\"}"));
        assertEquals(SendResult.rejected(200, "the reply is not the SMS 46elks answers with: <html>Bad gateway"), check(200, "<html>Bad gateway"));
    }

    private SendResult check(int status, String body) {
        return provider.responseChecker(outbound()).check(ItspResponse.of(status, body), outbound());
    }

    // ---- receiving

    /** https://46elks.com/docs/receive-sms, "Example payload", as 46elks posts it to sms_url. */
    private static final String INCOMING = "direction=incoming&id=sf8425555e5d8db61dda7a7b3f1b91bdb&from=%2B46706861004&to=%2B46706860000"
            + "&created=2018-07-13T13%3A57%3A23.741000&message=Hello%20how%20are%20you%3F";

    @Test
    void theDocumentedIncomingSmsIsReadAndAnsweredWithNothingAtAll() throws Exception {
        InterfaceConfig config = inbound("");
        InboundRequest request = form(INCOMING).build();
        provider.signatureVerifier(config).verify(request, config);
        Message message = provider.webhookParser(config).parse(request, config);
        assertEquals(Message.builder().to("+46706860000").from("+46706861004").body("Hello how are you?").id("sf8425555e5d8db61dda7a7b3f1b91bdb").build(), message);
        // Any text in the answer would go back to the sender as a reply SMS: no body, no Content-Type.
        WebhookReply ack = provider.acknowledger(config).ack(message, config);
        assertEquals(204, ack.status());
        assertEquals("", ack.body());
        assertEquals("", ack.contentType());
        InterfaceConfig withAck = config.with("resp_ack", "Thanks!");
        assertEquals(WebhookReply.noContent(), provider.acknowledger(withAck).ack(message, withAck), "resp_ack would be texted to the sender: never sent");
        assertEquals(WebhookReply.noContent(), provider.acknowledger(config).ackIgnored(config));
    }

    @Test
    void aTextSenderIdIsASenderButAnythingElseIsRefused() throws Exception {
        InterfaceConfig config = inbound("");
        // https://46elks.com/docs/show-sms-id: an incoming SMS "from": "SMSElk".
        assertEquals("SMSElk", provider.webhookParser(config).parse(form(INCOMING.replace("from=%2B46706861004", "from=SMSElk")).build(), config).from());
        WebhookException badTo = assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parse(form(INCOMING.replace("to=%2B46706860000", "to=%2B4670%0D%0AChannel%3A+x")).build(), config));
        assertEquals("to: not a phone number (digits with an optional leading +)", badTo.getMessage());
        WebhookException noFrom = assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parse(form(INCOMING.replace("from=%2B46706861004&", "")).build(), config));
        assertEquals(400, noFrom.status());
        assertEquals("from: the sender is missing", noFrom.getMessage());
    }

    @Test
    void anMmsGivesItsImagesAsMediaInOrder() throws Exception {
        // https://46elks.com/docs/receive-mms: image, then image2, image3, image4 for a list of four.
        InterfaceConfig config = inbound("");
        InboundRequest mms = form(INCOMING + "&image=https%3A%2F%2Fexample.com%2Ftest.jpg&image2=https%3A%2F%2Fexample.com%2Ftest2.jpg"
                + "&image3=https%3A%2F%2Fexample.com%2Ftest3.jpg&image4=https%3A%2F%2Fexample.com%2Ftest4.jpg").build();
        assertEquals(List.of("https://example.com/test.jpg", "https://example.com/test2.jpg", "https://example.com/test3.jpg", "https://example.com/test4.jpg"),
                provider.webhookParser(config).parse(mms, config).media());
        assertEquals(List.of(), provider.webhookParser(config).parse(form(INCOMING).build(), config).media());
    }

    @Test
    void aDeliveryReportPostedToTheSmsUrlCarriesNoMessageAndIsAcknowledged() throws Exception {
        InterfaceConfig config = inbound("");
        InboundRequest report = form("id=s3633fa8e62f823e52fbc67ebf6925ab5&status=delivered&delivered=2018-07-13T13%3A57%3A30.024000").build();
        assertEquals(List.of(), provider.webhookParser(config).parseAll(report, config));
        assertEquals(1, provider.webhookParser(config).parseAll(form(INCOMING).build(), config).size());
        assertEquals(400, assertThrows(WebhookException.class, () -> provider.webhookParser(config).parseAll(InboundRequest.builder().build(), config)).status());
    }

    @Test
    void withAuthSecretAWebhookMustCarryItInItsUrl() throws Exception {
        InterfaceConfig config = inbound("Zp4x-91");
        provider.signatureVerifier(config).verify(form(INCOMING).queryParameter("secret", "Zp4x-91").build(), config);
        WebhookException missing = assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(form(INCOMING).build(), config));
        assertEquals(403, missing.status());
        assertEquals("no secret parameter in the URL, and auth_secret is set", missing.getMessage());
        WebhookException wrong = assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(config).verify(form(INCOMING).queryParameter("secret", "Zp4x-92").build(), config));
        assertEquals("the secret parameter in the URL is not auth_secret", wrong.getMessage());
        InboundRequest inBody = form(INCOMING + "&secret=Zp4x-91").build();
        assertEquals(403, assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(inBody, config)).status(),
                "the secret is part of the URL 46elks calls, never a field anyone can post");
        InboundRequest twice = form(INCOMING).queryParameter("secret", "Zp4x-91").queryParameter("secret", "other").build();
        assertEquals(403, assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(twice, config)).status());
    }

    // ---- delivery reports

    /** https://46elks.com/docs/sms-delivery-reports: id, status (sent, delivered or failed), delivered (UTC, when delivered). */
    private List<StatusReport> report(String body, InterfaceConfig config) throws WebhookException {
        InboundRequest request = form(body).build();
        provider.signatureVerifier(config).verify(request, config);
        return provider.statusParser(config).parse(request, config);
    }

    @Test
    void eachDocumentedDeliveryStatusMapsAndTheDeliveryTimeIsUtc() throws Exception {
        InterfaceConfig config = outbound();
        assertEquals(List.of(StatusReport.builder("s3633fa8e62f823e52fbc67ebf6925ab5").rawStatus("delivered").status(DeliveryStatus.DELIVERED)
                        .time(Instant.parse("2018-07-13T13:57:30.024Z")).build()),
                report("id=s3633fa8e62f823e52fbc67ebf6925ab5&status=delivered&delivered=2018-07-13T13%3A57%3A30.024000", config));
        assertEquals(Optional.of(DeliveryStatus.SENT), report("id=s1&status=sent", config).get(0).status());
        StatusReport failed = report("id=s1&status=failed", config).get(0);
        assertEquals(Optional.of(DeliveryStatus.UNDELIVERED), failed.status());
        assertEquals(Optional.empty(), failed.time(), "no delivery time: websms uses the arrival time");
        StatusReport unknown = report("id=s1&status=expired_somehow", config).get(0);
        assertEquals(Optional.empty(), unknown.status());
        assertEquals("expired_somehow", unknown.rawStatus());
        assertEquals(Optional.empty(), report("id=s1&status=delivered&delivered=yesterday", config).get(0).time());
    }

    @Test
    void aDeliveryReportWithoutIdOrStatusIsA400() {
        InterfaceConfig config = outbound();
        assertEquals("id: the message id is missing", assertThrows(WebhookException.class, () -> report("status=delivered", config)).getMessage());
        assertEquals("status: the status is missing", assertThrows(WebhookException.class, () -> report("id=s1&status=", config)).getMessage());
    }

    @Test
    void withStatusSecretADeliveryReportMustCarryIt() throws Exception {
        InterfaceConfig config = outbound().toBuilder().put("status_url", "https://pbx.example.com/status/46elks").putSecret("status_secret", "q9-Lm").build();
        InboundRequest genuine = form("id=s1&status=delivered").queryParameter("secret", "q9-Lm").build();
        provider.signatureVerifier(config).verify(genuine, config);
        WebhookException forged = assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(form("id=s1&status=failed").build(), config));
        assertEquals(403, forged.status());
        assertEquals("no secret parameter in the URL, and status_secret is set", forged.getMessage());
        InterfaceConfig withoutSecret = outbound();
        provider.signatureVerifier(withoutSecret).verify(form("id=s1&status=delivered").build(), withoutSecret);
        InterfaceConfig inboundSecretOnly = outbound().toBuilder().putSecret("auth_secret", "C0ACCEEC0FAFE879189DD5D57F6EC348").build();
        provider.signatureVerifier(inboundSecretOnly).verify(form("id=s1&status=delivered").build(), inboundSecretOnly);
    }

    // ---- configuration

    @Test
    void statusPathWithoutStatusUrlIsWarnedAbout() {
        InterfaceConfig config = outbound().with("status_path", "/status/46elks");
        List<ConfigProblem> problems = provider.check(config);
        assertEquals(1, problems.size());
        assertEquals("status_url", problems.get(0).key());
        assertEquals(ConfigProblem.Severity.WARNING, problems.get(0).severity());
        assertEquals(List.of(), provider.check(config.with("status_url", "https://pbx.example.com/status/46elks")));
        assertEquals(List.of(), provider.check(inbound("")));
    }

    @Test
    void itReadsNoneOfTheMappingKeysButTheUrlAndNoResponseAck() {
        assertEquals(Set.of("url_host", "url_path"), provider.coreKeysRead(Direction.OUTBOUND));
        assertEquals(Set.of(), provider.coreKeysRead(Direction.INBOUND));
    }
}
