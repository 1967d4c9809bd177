package io.websms.provider.vonage;

import io.websms.api.ConfigProblem;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.ItspResponse;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.Provider;
import io.websms.api.SendResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What goes to Vonage's SMS API and how its answers are read, after its reference (https://developer.vonage.com/en/api/sms:
 * the request's fields and the 200 reply with messages[]) and its error list
 * (https://developer.vonage.com/en/messaging/sms/guides/troubleshooting-sms, https://developer.vonage.com/en/api-errors/sms).
 */
class VonageSendTest {

    private final Provider provider = new VonageProvider();

    private static InterfaceConfig config() {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("vonage").put("url_host", "https://rest.nexmo.com").put("url_path", "/sms/json")
                .put("auth_user", "abcd1234").putSecret("auth_secret", "abcdef0123456789").build();
    }

    private OutboundRequest request(Message message, InterfaceConfig config) throws InvalidMessageException {
        return provider.authScheme(config).authenticate(provider.requestMapper(config).map(message, config), config);
    }

    private SendResult check(int status, String body) {
        return provider.responseChecker(config()).check(ItspResponse.of(status, body), config());
    }

    @Test
    void aGsmTextIsAFormPostOfTheDocumentedFieldsWithApiKeyAndSecret() throws Exception {
        OutboundRequest request = request(Message.of("+44 7700 900000", "AcmeInc", "Hello World! €5 [ok] ü"), config());
        assertEquals("POST", request.method());
        assertEquals("https://rest.nexmo.com/sms/json", request.uri().toString());
        assertEquals("application/x-www-form-urlencoded; charset=utf-8", request.contentType());
        assertEquals("api_key=abcd1234&api_secret=abcdef0123456789&from=AcmeInc&text=Hello+World%21+%E2%82%AC5+%5Bok%5D+%C3%BC&to=447700900000",
                request.bodyText());
    }

    @Test
    void aTextBeyondGsmGoesAsUnicodeWithCallbackClientRefAndTheMediaAsLinks() throws Exception {
        InterfaceConfig config = config().with("status_url", "https://pbx.example.com/status/vonage");
        Message message = Message.builder().to("0046701234567").from("+15017122661").body("Привет 😀").id("01KB7Q8ZJ8X4Y0C2V5R3M9TQ6E")
                .media(List.of("https://media.example.com/a.jpg")).build();
        OutboundRequest request = request(message, config);
        assertEquals("unicode", request.fields().get("type"));
        assertEquals("46701234567", request.fields().get("to"));
        assertEquals("15017122661", request.fields().get("from"));
        assertEquals("Привет 😀\nhttps://media.example.com/a.jpg", request.fields().get("text"));
        assertEquals("https://pbx.example.com/status/vonage", request.fields().get("callback"));
        assertEquals("01KB7Q8ZJ8X4Y0C2V5R3M9TQ6E", request.fields().get("client-ref"));
        Message linkInText = Message.builder().to("46701234567").from("15017122661").body("see https://media.example.com/a.jpg")
                .media(List.of("https://media.example.com/a.jpg")).build();
        assertEquals("see https://media.example.com/a.jpg", request(linkInText, config()).fields().get("text"));
        assertEquals(null, request(Message.of("46701234567", "15017122661", "plain"), config()).fields().get("type"));
    }

    @Test
    void aMessageVonageCouldNotTakeIsRefusedBeforeSending() {
        assertEquals("to", assertThrows(InvalidMessageException.class, () -> request(Message.of("call-me", "AcmeInc", "x"), config())).field());
        assertEquals("from", assertThrows(InvalidMessageException.class, () -> request(Message.of("447700900000", "Acme;Inc", "x"), config())).field());
        assertEquals("body", assertThrows(InvalidMessageException.class, () -> request(Message.of("447700900000", "AcmeInc", ""), config())).field());
    }

    @Test
    void status0IsSentWithTheFirstPartsIdAndAnyOtherStatusIsAFailureDespiteHttp200() {
        assertEquals(SendResult.sent(200, "0A0000000123ABCD1"), check(200, "{\"message-count\":\"1\",\"messages\":[{\"to\":\"447700900000\","
                + "\"message-id\":\"0A0000000123ABCD1\",\"status\":\"0\",\"remaining-balance\":\"3.14159265\",\"message-price\":\"0.03330000\",\"network\":\"12345\"}]}"));
        assertEquals(SendResult.sent(200, "0A0000000123ABCD1"), check(200, "{\"message-count\":\"2\",\"messages\":[{\"message-id\":\"0A0000000123ABCD1\","
                + "\"status\":\"0\"},{\"message-id\":\"0A0000000123ABCD2\",\"status\":\"0\"}]}"));
        assertEquals(SendResult.rejected(200, "status 2 Missing Parameters: Missing to param"),
                check(200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"2\",\"error-text\":\"Missing to param\"}]}"));
        assertEquals(SendResult.rejected(200, "status 9 Partner Quota Violation"), check(200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"9\"}]}"));
        assertEquals(SendResult.rejected(200, "status 29: Non White-listed Destination - rejected"),
                check(200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"29\",\"error-text\":\"Non White-listed Destination - rejected\"}]}"));
    }

    @Test
    void throttlingInternalErrorsAndTooManyBindsAreRetriedTheRestIsNot() {
        assertEquals(SendResult.failed(200, "status 1 Throttled: Throughput Rate Exceeded - please wait [ 1000 ] and retry"),
                check(200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"1\",\"error-text\":\"Throughput Rate Exceeded - please wait [ 1000 ] and retry\"}]}"));
        assertEquals(SendResult.Outcome.FAILED, check(200, "{\"messages\":[{\"status\":\"5\"}]}").outcome());
        assertEquals(SendResult.Outcome.FAILED, check(200, "{\"messages\":[{\"status\":\"10\"}]}").outcome());
        for (String code : List.of("2", "3", "4", "6", "7", "8", "9", "11", "12", "14", "15")) {
            assertEquals(SendResult.Outcome.REJECTED, check(200, "{\"messages\":[{\"status\":\"" + code + "\"}]}").outcome(), code);
        }
    }

    @Test
    void aLaterPartRefusedAfterAnEarlierOneWasTakenIsNotSentAgain() {
        SendResult partial = check(200, "{\"message-count\":\"2\",\"messages\":[{\"message-id\":\"0A0000000123ABCD1\",\"status\":\"0\"},"
                + "{\"status\":\"1\",\"error-text\":\"Throttled\"}]}");
        assertEquals(SendResult.rejected(200, "Vonage took part 1 of 2 but refused part 2: status 1 Throttled: Throttled; not sent again, or the parts taken would go twice"),
                partial);
    }

    @Test
    void httpErrorsAndRepliesThatAreNoVonageJson() {
        assertEquals(SendResult.rejected(401, "HTTP 401: Invalid credentials supplied"),
                check(401, "{\"type\":\"https://developer.nexmo.com/api-errors#unauthorized\",\"title\":\"Invalid credentials supplied\"}"));
        assertEquals(SendResult.failed(429, "HTTP 429"), check(429, ""));
        assertEquals(SendResult.Outcome.FAILED, check(500, "{\"messages\":[{\"status\":\"0\",\"message-id\":\"x\"}]}").outcome());
        assertEquals(SendResult.rejected(200, "HTTP 200 but the reply is not Vonage's JSON (no messages)"), check(200, "<html>maintenance</html>"));
    }

    @Test
    void onlyTheUrlKeysAndTheAckAreReadAndMissingCredentialsOrAWrongMethodAreErrors() {
        assertEquals(java.util.Set.of("url_host", "url_path"), provider.coreKeysRead(Direction.OUTBOUND));
        assertEquals(java.util.Set.of("resp_ack"), provider.coreKeysRead(Direction.INBOUND));
        InterfaceConfig none = InterfaceConfig.builder(Direction.OUTBOUND).provider("vonage").build();
        assertEquals(List.of("auth_user", "auth_secret"), provider.authScheme(none).check(none).stream().map(ConfigProblem::key).toList());
        assertEquals(List.of(), provider.authScheme(config()).check(config()));
        InterfaceConfig signedOnly = config().with("auth_secret", "").with("signature_secret", "s");
        assertEquals(List.of(), provider.authScheme(signedOnly).check(signedOnly));
        assertEquals(List.of(ConfigProblem.error("signature_method", "'sha-256' is none of Vonage's signing methods",
                "write signature_method = md5hash, md5, sha1, sha256 or sha512, as chosen in Vonage's dashboard")),
                provider.check(config().with("signature_method", "sha-256")));
    }
}
