package io.websms.provider.plivo;

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

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What goes to Plivo and how its answers are read, after its Send Message reference
 * (https://docs.plivo.com/docs/messaging/api/message/send-a-message, and the older http://plivo.com/docs/api/message/
 * whose 202 reply is used here).
 */
class PlivoSendTest {

    private static final String AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";
    private static final String TOKEN = "plivo-auth-token";

    private final Provider provider = new PlivoProvider();

    private static InterfaceConfig config() {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("plivo").put("url_host", "https://api.plivo.com")
                .put("url_path", "/v1/Account/{auth_user}/Message/").put("auth_user", AUTH_ID).putSecret("auth_secret", TOKEN).build();
    }

    private OutboundRequest request(Message message, InterfaceConfig config) throws InvalidMessageException {
        OutboundRequest mapped = provider.requestMapper(config).map(message, config);
        return provider.authScheme(config).authenticate(mapped, config);
    }

    private SendResult check(int status, String body) {
        return provider.responseChecker(config()).check(ItspResponse.of(status, body), config());
    }

    @Test
    void anSmsIsAJsonPostWithBasicAuthToTheAccountsMessageResource() throws Exception {
        OutboundRequest request = request(Message.of("+1 (415) 555-6789", "+14155551234", "Hello, \"world\" ü 😀\nline 2"), config());
        assertEquals("POST", request.method());
        assertEquals("https://api.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Message/", request.uri().toString());
        assertEquals("application/json; charset=utf-8", request.contentType());
        assertEquals("{\"src\":\"14155551234\",\"dst\":\"14155556789\",\"text\":\"Hello, \\\"world\\\" ü 😀\\nline 2\",\"type\":\"sms\"}", request.bodyText());
        assertEquals("Basic " + Base64.getEncoder().encodeToString((AUTH_ID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)),
                request.headers().first("Authorization").orElseThrow());
    }

    @Test
    void statusUrlAsksForStatusCallbacksAndMediaMakeAnMms() throws Exception {
        InterfaceConfig config = config().with("status_url", "https://pbx.example.com/status/plivo");
        Message mms = Message.builder().to("0014155556789").from("Acme Inc").body("See")
                .media(List.of("https://media.example.com/a.gif", "https://media.example.com/b.png")).build();
        assertEquals("{\"src\":\"Acme Inc\",\"dst\":\"14155556789\",\"text\":\"See\",\"type\":\"mms\",\"media_urls\":"
                + "[\"https://media.example.com/a.gif\",\"https://media.example.com/b.png\"],\"url\":\"https://pbx.example.com/status/plivo\","
                + "\"method\":\"POST\"}", request(mms, config).bodyText());
        Message picture = Message.builder().to("14155556789").from("14155551234").body("").media(List.of("https://media.example.com/a.gif")).build();
        assertEquals("{\"src\":\"14155551234\",\"dst\":\"14155556789\",\"type\":\"mms\",\"media_urls\":[\"https://media.example.com/a.gif\"]}",
                request(picture, config()).bodyText());
    }

    @Test
    void aMessagePlivoCouldNotTakeIsRefusedBeforeSending() {
        assertEquals("to", assertThrows(InvalidMessageException.class, () -> request(Message.of("call-me", "14155551234", "x"), config())).field());
        assertEquals("from", assertThrows(InvalidMessageException.class, () -> request(Message.of("14155556789", "+1\r\n2", "x"), config())).field());
        assertEquals("body", assertThrows(InvalidMessageException.class, () -> request(Message.of("14155556789", "14155551234", ""), config())).field());
        InvalidMessageException noAuthId = assertThrows(InvalidMessageException.class,
                () -> request(Message.of("14155556789", "14155551234", "x"), config().with("auth_user", "")));
        assertEquals("url: url_path needs your Plivo Auth ID, and auth_user is not set", noAuthId.getMessage());
    }

    @Test
    void theDocumented202GivesTheMessageUuidAsTheItspId() {
        SendResult sent = check(202, "{\"message\": \"message(s) queued\", \"message_uuid\": [\"db3ce55a-7f1d-11e1-8ea7-1231380bc196\"],"
                + " \"api_id\": \"db342550-7f1d-11e1-8ea7-1231380bc196\"}");
        assertEquals(SendResult.sent(202, "db3ce55a-7f1d-11e1-8ea7-1231380bc196"), sent);
        assertEquals(SendResult.rejected(202, "HTTP 202 without a message_uuid: message(s) queued"),
                check(202, "{\"message\": \"message(s) queued\", \"message_uuid\": [], \"api_id\": \"x\"}"));
        assertEquals(SendResult.rejected(200, "HTTP 200 but the reply is not Plivo's JSON"), check(200, "<html>maintenance</html>"));
    }

    @Test
    void errorsCarryPlivosWordsAndOnlyTimeoutsThrottlingAndServerErrorsAreRetried() {
        assertEquals(SendResult.rejected(400, "HTTP 400: invalid dst parameter"), check(400, "{\"api_id\": \"a1\", \"error\": \"invalid dst parameter\"}"));
        assertEquals(SendResult.rejected(400, "HTTP 400: {\"dst\":[\"This field is required.\"]}"),
                check(400, "{\"api_id\": \"a1\", \"error\": {\"dst\": [\"This field is required.\"]}}"));
        assertEquals(SendResult.Outcome.REJECTED, check(401, "{\"error\": \"authentication failed\"}").outcome());
        assertEquals(SendResult.Outcome.REJECTED, check(404, "{\"error\": \"not found\"}").outcome());
        assertEquals(SendResult.failed(429, "HTTP 429: too many requests"), check(429, "{\"error\": \"too many requests\"}"));
        assertEquals(SendResult.failed(500, "HTTP 500"), check(500, "oops"));
        assertEquals(SendResult.Outcome.FAILED, check(408, "").outcome());
        assertEquals(SendResult.Outcome.FAILED, check(503, "").outcome());
    }

    @Test
    void onlyTheUrlKeysAndTheAckAreReadAndAMissingAuthIdOrStatusUrlIsReported() {
        assertEquals(Set.of("url_host", "url_path", "media_from_body"), provider.coreKeysRead(Direction.OUTBOUND));
        assertEquals(Set.of("resp_ack"), provider.coreKeysRead(Direction.INBOUND));
        List<ConfigProblem> problems = provider.check(config().with("auth_user", "").with("status_path", "/status/plivo"));
        assertEquals(List.of("auth_user", "status_url"), problems.stream().map(ConfigProblem::key).toList());
        assertEquals(ConfigProblem.Severity.ERROR, problems.get(0).severity());
        assertEquals(List.of(), provider.check(config()));
    }
}
