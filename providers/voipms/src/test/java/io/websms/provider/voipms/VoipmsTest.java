package io.websms.provider.voipms;

import io.websms.api.ConfigProblem;
import io.websms.api.Direction;
import io.websms.api.FormEncoding;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.ItspResponse;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.Provider;
import io.websms.api.SendResult;
import io.websms.api.WebhookException;
import io.websms.api.WebhookReply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * VoIP.ms's API calls and replies (https://voip.ms/m/apidocs.php: sendSMS and sendMMS with did, dst, message,
 * media1…; the reply's status, "success" with the message's id, or an error word) and its SMS URL Callback
 * (https://wiki.voip.ms/article/SMS-MMS: a GET of the admin's URL with {TO}, {FROM}, {MESSAGE}, {ID}, {TIMESTAMP},
 * {MEDIA} replaced, answered "ok").
 */
class VoipmsTest {

    private final Provider provider = new VoipmsProvider();

    private static InterfaceConfig outbound() {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("voipms").put("url_host", "https://voip.ms").put("url_path", "/api/v1/rest.php")
                .put("auth_user", "pbx@example.com").putSecret("auth_secret", "Api-Passw0rd-42").build();
    }

    private static InterfaceConfig inbound() {
        return InterfaceConfig.builder(Direction.INBOUND).provider("voipms").put("key_to", "to").put("key_from", "from").put("key_body", "message").build();
    }

    private OutboundRequest send(Message message) throws InvalidMessageException {
        InterfaceConfig config = outbound();
        return provider.authScheme(config).authenticate(provider.requestMapper(config).map(message, config), config);
    }

    // ---- sending

    @Test
    void anSmsIsAGetOfSendSmsWithTheCredentialsAndTenDigitNumbers() throws Exception {
        OutboundRequest request = send(Message.of("+1 (202) 555-0183", "+15017122661", "Hi there ~*+ ü 😀"));
        assertEquals("GET", request.method());
        assertEquals("https://voip.ms/api/v1/rest.php", request.uri().toString());
        // The query websms's transport appends: every parameter, sorted, form-encoded.
        assertEquals("api_password=Api-Passw0rd-42&api_username=pbx%40example.com&did=5017122661&dst=2025550183"
                + "&message=Hi+there+%7E%2A%2B+%C3%BC+%F0%9F%98%80&method=sendSMS", FormEncoding.encode(request.fields()));
    }

    @Test
    void aTextLongerThan160CharactersOrOneWithMediaIsAnMmsPost() throws Exception {
        String short160 = "😀".repeat(160);
        assertEquals("sendSMS", send(Message.of("2025550183", "5017122661", short160)).fields().get("method"), "160 characters, emoji or not, are an SMS");
        OutboundRequest longText = send(Message.of("2025550183", "5017122661", "x".repeat(161)));
        assertEquals("POST", longText.method());
        assertEquals("sendMMS", longText.fields().get("method"));
        assertEquals("application/x-www-form-urlencoded; charset=utf-8", longText.contentType());
        OutboundRequest picture = send(Message.builder().to("2025550183").from("5017122661").body("")
                .media(List.of("https://example.com/a.jpg", "https://example.com/b.png")).build());
        assertEquals("sendMMS", picture.fields().get("method"));
        assertEquals("https://example.com/a.jpg", picture.fields().get("media1"));
        assertEquals("https://example.com/b.png", picture.fields().get("media2"));
        assertEquals("", picture.fields().get("message"));
    }

    @Test
    void withMediaFromBodyTheTextsLinksGoAsTheMmsMedia() throws Exception {
        InterfaceConfig config = outbound().with("media_from_body", "yes");
        OutboundRequest mms = provider.requestMapper(config).map(Message.of("2025550183", "5017122661", "Look https://example.com/cat.jpg"), config);
        assertEquals("sendMMS", mms.fields().get("method"));
        assertEquals("https://example.com/cat.jpg", mms.fields().get("media1"));
        assertEquals("Look", mms.fields().get("message"));
        OutboundRequest without = send(Message.of("2025550183", "5017122661", "Look https://example.com/cat.jpg"));
        assertEquals("sendSMS", without.fields().get("method"), "without the key the link stays in the text");
        assertEquals("Look https://example.com/cat.jpg", without.fields().get("message"));
    }

    @Test
    void numbersAreDigitsAndNorthAmericanOnesTenDigits() throws Exception {
        assertEquals("2025550183", VoipmsRequestMapper.number("to", "+12025550183"));
        assertEquals("2025550183", VoipmsRequestMapper.number("to", "0012025550183"));
        assertEquals("2025550183", VoipmsRequestMapper.number("to", "12025550183"));
        assertEquals("2025550183", VoipmsRequestMapper.number("to", "202-555-0183"));
        assertEquals("46701234567", VoipmsRequestMapper.number("to", "+46701234567"), "VoIP.ms says whether it takes another country's number");
        InvalidMessageException bad = assertThrows(InvalidMessageException.class, () -> send(Message.of("call-me", "5017122661", "x")));
        assertEquals("to", bad.field());
        assertEquals("body", assertThrows(InvalidMessageException.class, () -> send(Message.of("2025550183", "5017122661", ""))).field());
    }

    @Test
    void successGivesTheMessageIdAndEachErrorWordIsClassified() {
        assertEquals(SendResult.sent(200, "23434"), check(200, "{\"status\":\"success\",\"sms\":\"23434\"}"));
        assertEquals(SendResult.sent(200, "4411"), check(200, "{\"status\":\"success\",\"mms\":4411}"));
        assertEquals(SendResult.rejected(200, "VoIP.ms status invalid_dst: the destination is no number VoIP.ms can text (10-digit US and Canadian numbers)"),
                check(200, "{\"status\":\"invalid_dst\"}"));
        assertEquals(SendResult.rejected(200, "VoIP.ms status ip_not_enabled: this machine's address is not allowed in VoIP.ms's API settings"),
                check(200, "{\"status\":\"ip_not_enabled\"}"));
        assertEquals(SendResult.rejected(200, "VoIP.ms status invalid_something_new"), check(200, "{\"status\":\"invalid_something_new\"}"));
        assertEquals(SendResult.failed(200, "VoIP.ms status sms_failed: VoIP.ms could not send the SMS"), check(200, "{\"status\":\"sms_failed\"}"));
        assertEquals(SendResult.Outcome.FAILED, check(200, "{\"status\":\"limit_reached\"}").outcome());
        assertEquals(SendResult.failed(502, "HTTP 502: Bad Gateway"), check(502, "Bad Gateway"));
        assertEquals(SendResult.Outcome.FAILED, check(429, "").outcome());
        assertEquals(SendResult.rejected(403, "HTTP 403: Forbidden"), check(403, "Forbidden"));
        assertEquals(SendResult.rejected(200, "the reply is not VoIP.ms's JSON with a status: <html>maintenance"), check(200, "<html>maintenance"));
        assertEquals(SendResult.rejected(200, "the reply is not VoIP.ms's JSON with a status: {\"sms\":\"1\"}"), check(200, "{\"sms\":\"1\"}"));
    }

    private SendResult check(int status, String body) {
        return provider.responseChecker(outbound()).check(ItspResponse.of(status, body), outbound());
    }

    @Test
    void theCredentialsComeFromAuthUserAndAuthSecretWhateverAuthMethodSays() {
        assertEquals("voipms", provider.authScheme(outbound().with("auth_method", "basic")).name());
        List<ConfigProblem> missing = provider.authScheme(outbound()).check(outbound().with("auth_secret", ""));
        assertEquals(1, missing.size());
        assertEquals("auth_secret", missing.get(0).key());
        assertEquals(List.of(), provider.authScheme(outbound()).check(outbound()));
    }

    // ---- receiving

    /** The callback as VoIP.ms makes it for the URL ...?to={TO}&from={FROM}&message={MESSAGE}&id={ID}&date={TIMESTAMP}. */
    private static InboundRequest.Builder callback(String to, String from, String message) {
        return InboundRequest.builder().method("GET").path("/sms/voipms").queryParameter("to", to).queryParameter("from", from)
                .queryParameter("message", message).queryParameter("id", "23435").queryParameter("date", "2026-11-02 10:15:30");
    }

    @Test
    void theCallbackIsReadWithNorthAmericanNumbersInE164AndAnsweredOk() throws Exception {
        InterfaceConfig config = inbound();
        InboundRequest request = callback("2025550183", "5017122661", "See you at 8 ~*+ 😀").build();
        provider.signatureVerifier(config).verify(request, config);
        Message message = provider.webhookParser(config).parse(request, config);
        assertEquals(Message.builder().to("+12025550183").from("+15017122661").body("See you at 8 ~*+ 😀").id("23435").build(), message);
        assertEquals(new WebhookReply(200, "text/plain; charset=utf-8", "ok"), provider.acknowledger(config).ack(message, config));
        assertEquals(new WebhookReply(200, "text/plain; charset=utf-8", "ok"), provider.acknowledger(config).ackIgnored(config));
        InterfaceConfig asSent = config.with("nanp_e164", "");
        assertEquals("2025550183", provider.webhookParser(asSent).parse(request, asSent).to());
        assertEquals("+12025550183", provider.webhookParser(config).parse(callback("12025550183", "77000", "x").build(), config).to());
        assertEquals("77000", provider.webhookParser(config).parse(callback("12025550183", "77000", "x").build(), config).from(), "a short code stays");
    }

    @Test
    void anMmsGivesItsMediaUrls() throws Exception {
        InterfaceConfig config = inbound();
        InboundRequest one = callback("2025550183", "5017122661", "").queryParameter("media", "https://voip.ms/media/a1.jpg").build();
        assertEquals(List.of("https://voip.ms/media/a1.jpg"), provider.webhookParser(config).parse(one, config).media());
        InboundRequest several = callback("2025550183", "5017122661", "Look")
                .queryParameter("media", "https://voip.ms/media/a1.jpg,https://voip.ms/media/a2.png").build();
        Message mms = provider.webhookParser(config).parse(several, config);
        assertEquals("Look", mms.body());
        assertEquals(List.of("https://voip.ms/media/a1.jpg", "https://voip.ms/media/a2.png"), mms.media());
        assertEquals(List.of(), provider.webhookParser(config).parse(callback("2025550183", "5017122661", "x").queryParameter("media", "").build(), config).media());
    }

    @Test
    void aCallbackWithoutItsNumbersOrWithABadOneIsA400() {
        InterfaceConfig config = inbound();
        WebhookException empty = assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parse(InboundRequest.builder().method("GET").build(), config));
        assertEquals(400, empty.status());
        assertEquals("to: the destination number is missing", empty.getMessage());
        WebhookException bad = assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parse(callback("2025550183\r\nChannel: x", "5017122661", "x").build(), config));
        assertEquals("to: not a phone number (digits with an optional leading +)", bad.getMessage());
    }

    @Test
    void withAuthSecretTheCallbackMustCarryItInItsUrl() throws Exception {
        InterfaceConfig config = inbound().toBuilder().putSecret("auth_secret", "r4nd0m-51").build();
        provider.signatureVerifier(config).verify(callback("2025550183", "5017122661", "x").queryParameter("secret", "r4nd0m-51").build(), config);
        WebhookException missing = assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(config).verify(callback("2025550183", "5017122661", "x").build(), config));
        assertEquals(403, missing.status());
        assertEquals("no secret parameter in the URL, and auth_secret is set", missing.getMessage());
        WebhookException wrong = assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(config).verify(callback("2025550183", "5017122661", "x").queryParameter("secret", "guess").build(), config));
        assertEquals("the secret parameter in the URL is not auth_secret", wrong.getMessage());
        provider.signatureVerifier(inbound()).verify(callback("2025550183", "5017122661", "x").build(), inbound());
        // [websms] auth_secret is the API password, which no caller is ever asked for.
        provider.signatureVerifier(outbound()).verify(callback("2025550183", "5017122661", "x").build(), outbound());
    }

    @Test
    void itReadsNoStatusCallbacksAndOnlyTheKeysItDocuments() {
        assertNull(provider.statusParser(outbound()), "VoIP.ms's URL callback reports incoming messages only");
        assertEquals(Set.of("url_host", "url_path", "media_from_body"), provider.coreKeysRead(Direction.OUTBOUND));
        assertEquals(Set.of("key_to", "key_from", "key_body"), provider.coreKeysRead(Direction.INBOUND));
        Map<String, String> inboundDefaults = new java.util.TreeMap<>();
        provider.keys().stream().filter(k -> k.direction() == Direction.INBOUND && k.defaultValue() != null && !k.defaultValue().isEmpty())
                .forEach(k -> inboundDefaults.put(k.name(), k.defaultValue()));
        assertEquals(Map.of("key_to", "to", "key_from", "from", "key_body", "message", "nanp_e164", "yes"), inboundDefaults);
    }
}
