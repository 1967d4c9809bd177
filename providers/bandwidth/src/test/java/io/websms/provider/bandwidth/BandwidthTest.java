package io.websms.provider.bandwidth;

import io.websms.api.ConfigProblem;
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
import io.websms.api.auth.BasicAuth;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bandwidth, from its public documentation: the request and 202 reply of "Send Messages"
 * (https://dev.bandwidth.com/docs/messaging/createMessage), the HTTP errors and the message-failed error codes
 * (https://dev.bandwidth.com/docs/messaging/errors), the callback examples of "Webhooks" (Inbound SMS, Inbound Group
 * MMS, Message Sending, Message Delivered, Toll Free Delivered to Handset, Message Failed:
 * https://dev.bandwidth.com/docs/messaging/webhooks) and the application's callback credentials
 * (InboundCallbackCreds, OutboundCallbackCreds: https://dev.bandwidth.com/docs/account/applications). Bandwidth signs
 * no callback, so there is no signature example to check: the credentials are checked instead.
 */
class BandwidthTest {

    /** "Inbound SMS", as Bandwidth's Webhooks page shows it. */
    private static final String INBOUND_SMS = """
            [
              {
                "type"          : "message-received",
                "time"          : "2016-09-14T18:20:16Z",
                "description"   : "Incoming message received",
                "to"            : "+12345678902",
                "message"       : {
                  "id"            : "14762070468292kw2fuqty55yp2b2",
                  "time"          : "2016-09-14T18:20:16Z",
                  "to"            : ["+12345678902"],
                  "from"          : "+12345678901",
                  "text"          : "Hey, check this out!",
                  "applicationId" : "93de2206-9669-4e07-948d-329f4b722ee2",
                  "media"         : [
                    "https://messaging.bandwidth.com/api/v2/users/{accountId}/media/14762070468292kw2fuqty55yp2b2/0/bw.png"
                    ],
                  "owner"         : "+12345678902",
                  "direction"     : "in",
                  "segmentCount"  : 1
                }
              }
            ]""";

    /** "Message Sending" (MMS), as Bandwidth's Webhooks page shows it. */
    private static final String MESSAGE_SENDING = """
            [
                {
                    "time": "2020-06-25T18:42:36.979Z",
                    "type": "message-sending",
                    "to": "+15554443333",
                    "description": "Message is sending to carrier",
                    "message": {
                        "id": "1593110555875xo7watq5px6rbe5d",
                        "owner": "+15552221111",
                        "applicationId": "cfd4fb83-7531-4acc-b471-42d0bb76a65c",
                        "time": "2020-06-25T18:42:35.876Z",
                        "segmentCount": 1,
                        "direction": "out",
                        "to": ["+15554443333"],
                        "from": "+15552221111",
                        "text": "",
                        "media": ["https://dev.bandwidth.com/images/bandwidth-logo.png"],
                        "tag": "v2 lab"
                    }
                }
            ]""";

    /** "Message Delivered", as Bandwidth's Webhooks page shows it. */
    private static final String MESSAGE_DELIVERED = """
            [
              {
                "type"          : "message-delivered",
                "time"          : "2016-09-14T18:20:16Z",
                "description"   : "ok",
                "to"            : "+12345678902",
                "message"       : {
                  "id"            : "14762070468292kw2fuqty55yp2b2",
                  "time"          : "2016-09-14T18:20:16Z",
                  "to"            : ["+12345678902"],
                  "from"          : "+12345678901",
                  "text"          : "",
                  "applicationId" : "93de2206-9669-4e07-948d-329f4b722ee2",
                  "owner"         : "+12345678902",
                  "direction"     : "out",
                  "segmentCount"  : 1
                }
              }
            ]""";

    /** "Message Failed", as Bandwidth's Webhooks page shows it. */
    private static final String MESSAGE_FAILED = """
            [
              {
                "type"          : "message-failed",
                "time"          : "2016-09-14T18:20:16Z",
                "description"   : "forbidden to country",
                "to"            : "+52345678903",
                "errorCode"     : 4432,
                "message"       : {
                  "id"            : "14762070468292kw2fuqty55yp2b2",
                  "time"          : "2016-09-14T18:20:16Z",
                  "to"            : [
                      "+12345678902",
                      "+52345678903"
                    ],
                  "from"          : "+12345678901",
                  "text"          : "",
                  "applicationId" : "93de2206-9669-4e07-948d-329f4b722ee2",
                  "media"         : [
                      "https://dev.bandwidth.com/images/bandwidth-logo.png"
                    ],
                  "owner"         : "+12345678901",
                  "direction"     : "out",
                  "segmentCount"  : 1
                }
              }
            ]""";

    private final Provider provider = new BandwidthProvider();

    /** The sending interface with Bandwidth's documented example credentials ("username", "password"). */
    private static InterfaceConfig outbound() {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("bandwidth").put("url_host", "https://messaging.bandwidth.com")
                .put("url_path", "/api/v2/users/{account_id}/messages").put("auth_method", "basic").put("account_id", "9900000")
                .put("application_id", "93de2206-9669-4e07-948d-329f4b722ee2").put("auth_user", "username").putSecret("auth_secret", "password").build();
    }

    private static InterfaceConfig inbound(String user, String secret) {
        return InterfaceConfig.builder(Direction.INBOUND).provider("bandwidth").put("callback_user", user).putSecret("callback_secret", secret).build();
    }

    private static InboundRequest callback(String json, String authorization) {
        List<Headers.Field> headers = new ArrayList<>(List.of(new Headers.Field("Content-Type", "application/json; charset=utf-8"),
                new Headers.Field("User-Agent", "BandwidthAPI/v2")));
        if (authorization != null) {
            headers.add(new Headers.Field("Authorization", authorization));
        }
        return InboundRequest.builder().path("/sms/bandwidth").target("/sms/bandwidth").headers(Headers.of(headers))
                .body(json.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private OutboundRequest send(Message message, InterfaceConfig config) throws InvalidMessageException {
        return new BasicAuth().authenticate(provider.requestMapper(config).map(message, config), config);
    }

    @Test
    void sendsTheDocumentedRequestWithBasicAuthAndWebsmsIdAsTag() throws Exception {
        Message message = Message.builder().to("+12345678902").from("+12345678901").body("Hey, check this out!").id("01KB7Q8ZJ8X4Y0C2V5R3M9TQ6E").build();
        OutboundRequest request = send(message, outbound());
        assertEquals("POST", request.method());
        assertEquals(URI.create("https://messaging.bandwidth.com/api/v2/users/9900000/messages"), request.uri());
        assertEquals("application/json; charset=utf-8", request.contentType());
        assertEquals(Optional.of("Basic dXNlcm5hbWU6cGFzc3dvcmQ="), request.headers().first("Authorization"), "the documented header of username:password");
        assertEquals("{\"to\":[\"+12345678902\"],\"from\":\"+12345678901\",\"text\":\"Hey, check this out!\","
                + "\"applicationId\":\"93de2206-9669-4e07-948d-329f4b722ee2\",\"tag\":\"01KB7Q8ZJ8X4Y0C2V5R3M9TQ6E\"}", request.bodyText());
    }

    @Test
    void aPictureMessageCarriesItsMediaAndNumbersGoInE164() throws Exception {
        Message picture = Message.builder().to("0012345678902").from("1 (234) 567-8901").body("Hey, check this out!")
                .media(List.of("https://mySite.com/images/test_image.jpg")).build();
        assertEquals("{\"to\":[\"+12345678902\"],\"from\":\"+12345678901\",\"text\":\"Hey, check this out!\","
                + "\"applicationId\":\"93de2206-9669-4e07-948d-329f4b722ee2\",\"media\":[\"https://mySite.com/images/test_image.jpg\"]}",
                send(picture, outbound()).bodyText());
        assertEquals("to", assertThrows(InvalidMessageException.class, () -> send(Message.of("call-me", "+12345678901", "x"), outbound())).field());
        assertEquals("body: the message text is empty; nothing to send",
                assertThrows(InvalidMessageException.class, () -> send(Message.of("+12345678902", "+12345678901", ""), outbound())).getMessage());
    }

    @Test
    void repliesAreClassifiedByStatusWithBandwidthsTypeAndDescriptionAsTheReason() {
        assertEquals(SendResult.sent(202, "14762070468292kw2fuqty55yp2b2"), check(202, """
                {
                    "id": "14762070468292kw2fuqty55yp2b2",
                    "owner": "+12345678901",
                    "applicationId": "93de2206-9669-4e07-948d-329f4b722ee",
                    "time": "2021-07-21T21:00:45.179Z",
                    "segmentCount": 1,
                    "direction": "out",
                    "to": [
                        "+12345678902"
                    ],
                    "from": "+12345678901",
                    "text": "Hello World",
                    "tag": "test message",
                    "priority": "default"
                }"""));
        assertEquals(SendResult.rejected(400, "HTTP 400: request-validation: Your request could not be accepted"),
                check(400, "{\"type\": \"request-validation\", \"description\": \"Your request could not be accepted\"}"));
        assertEquals(SendResult.rejected(400, "HTTP 400: request-validation: Your request could not be accepted (to: '+1invalid' is not a valid E164 number)"),
                check(400, "{\"type\":\"request-validation\",\"description\":\"Your request could not be accepted\","
                        + "\"fieldErrors\":[{\"fieldName\":\"to\",\"description\":\"'+1invalid' is not a valid E164 number\"}]}"));
        assertEquals(SendResult.rejected(401, "HTTP 401: unauthorized: Authentication Failed"),
                check(401, "{\"type\": \"unauthorized\", \"description\": \"Authentication Failed\"}"));
        assertEquals(SendResult.rejected(403, "HTTP 403: forbidden: Access Denied"), check(403, "{\"type\": \"forbidden\", \"description\": \"Access Denied\"}"));
        assertEquals(SendResult.Outcome.FAILED, check(429, "").outcome());
        assertEquals(SendResult.Outcome.FAILED, check(503, "<html>Service Unavailable</html>").outcome());
        assertEquals(SendResult.rejected(202, "HTTP 202 without id: not Bandwidth's message"), check(202, "<html>ok</html>"),
                "Bandwidth may have the message: not tried again");
    }

    private SendResult check(int status, String body) {
        return provider.responseChecker(outbound()).check(ItspResponse.of(status, body), outbound());
    }

    @Test
    void theDocumentedInboundSmsIsReadWithItsMediaAndAcknowledgedWith204() throws Exception {
        InterfaceConfig config = inbound("", "");
        List<Message> messages = provider.webhookParser(config).parseAll(callback(INBOUND_SMS, null), config);
        assertEquals(List.of(Message.builder().to("+12345678902").from("+12345678901").body("Hey, check this out!").id("14762070468292kw2fuqty55yp2b2")
                .media(List.of("https://messaging.bandwidth.com/api/v2/users/{accountId}/media/14762070468292kw2fuqty55yp2b2/0/bw.png")).build()), messages);
        assertEquals(WebhookReply.noContent(), provider.acknowledger(config).ack(messages.get(0), config));
    }

    @Test
    void aGroupMmsIsTheCopyOfTheNumberThatReceivedIt() throws Exception {
        String group = INBOUND_SMS.replace("\"to\"            : [\"+12345678902\"]", "\"to\"            : [\"+12345678902\", \"+12345678903\"]");
        InterfaceConfig config = inbound("", "");
        assertEquals("+12345678902", provider.webhookParser(config).parse(callback(group, null), config).to());
        String ownerOnly = INBOUND_SMS.replace("\"to\"            : \"+12345678902\",", "");
        assertEquals("+12345678902", provider.webhookParser(config).parse(callback(ownerOnly, null), config).to(), "message.owner when there is no to");
    }

    @Test
    void everyMessageOfOneCallbackIsReadInOrderAndOtherEventsAreLeftOut() throws Exception {
        String first = INBOUND_SMS.strip();
        String second = first.replace("14762070468292kw2fuqty55yp2b2", "14762070468292kw2fuqty55yp2b3").replace("Hey, check this out!", "second")
                .replace("\"from\"          : \"+12345678901\"", "\"from\"          : \"+12345678909\"");
        String delivered = MESSAGE_DELIVERED.strip();
        String three = "[" + inner(first) + "," + inner(delivered) + "," + inner(second) + "]";
        InterfaceConfig config = inbound("", "");
        List<Message> messages = provider.webhookParser(config).parseAll(callback(three, null), config);
        assertEquals(List.of("Hey, check this out!", "second"), messages.stream().map(Message::body).toList());
        assertEquals(List.of("+12345678901", "+12345678909"), messages.stream().map(Message::from).toList());
        assertEquals(List.of(), provider.webhookParser(config).parseAll(callback(MESSAGE_DELIVERED, null), config));
        assertEquals(WebhookReply.noContent(), provider.acknowledger(config).ackIgnored(config));
        String oneBad = "[" + inner(first) + "," + inner(second.replace("\"+12345678909\"", "\"+1234\\r\\nApplication: System\"")) + "]";
        WebhookException bad = assertThrows(WebhookException.class, () -> provider.webhookParser(config).parseAll(callback(oneBad, null), config));
        assertEquals("[1].message.from: not a phone number or sender name", bad.getMessage(), "one bad message refuses the whole call");
    }

    /** The one event of a documented callback, without its array's brackets. */
    private static String inner(String array) {
        return array.substring(1, array.length() - 1);
    }

    @Test
    void aCallbackThatIsNoArrayOfEventsIsA400() {
        InterfaceConfig config = inbound("", "");
        assertEquals("body: not a Bandwidth callback: a JSON array of events is expected", assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parseAll(callback("To=%2B12345678902&Body=hi", null), config)).getMessage());
        assertEquals("[0].message: the event has no message object", assertThrows(WebhookException.class,
                () -> provider.webhookParser(config).parseAll(callback("[{\"type\":\"message-received\"}]", null), config)).getMessage());
    }

    @Test
    void theCallbackCredentialsOfTheApplicationAreRequiredWhenSet() throws Exception {
        InterfaceConfig config = inbound("bw-callbacks", "s3cret-callback-pw");
        provider.signatureVerifier(config).verify(callback(INBOUND_SMS, basic("bw-callbacks", "s3cret-callback-pw")), config);
        provider.signatureVerifier(config).verify(callback(INBOUND_SMS, basic("bw-callbacks", "s3cret-callback-pw").replace("Basic", "basic")), config);
        assertEquals("no Authorization: Basic header, and callback_user of [websmsd] is set", refused(callback(INBOUND_SMS, null), config));
        assertEquals("no Authorization: Basic header, and callback_user of [websmsd] is set", refused(callback(INBOUND_SMS, "Bearer s3cret-callback-pw"), config));
        String wrong = refused(callback(INBOUND_SMS, basic("bw-callbacks", "s3cret-callback-px")), config);
        assertEquals("the callback credentials do not match callback_user and callback_secret of [websmsd]", wrong);
        assertEquals(wrong, refused(callback(INBOUND_SMS, basic("someone", "s3cret-callback-pw")), config));
        assertEquals(wrong, refused(callback(INBOUND_SMS, basic("bw-callbacks", "s3cret-callback-pw-and-more")), config));
        assertEquals("the Authorization: Basic header is not base64", refused(callback(INBOUND_SMS, "Basic ***"), config));
        assertFalse(config.toString().contains("s3cret-callback-pw"));
        provider.signatureVerifier(inbound("", "")).verify(callback(INBOUND_SMS, null), inbound("", ""));
    }

    @Test
    void statusCallbacksAreCheckedWithTheCredentialsOfTheSendingInterface() throws Exception {
        InterfaceConfig config = outbound().toBuilder().put("status_path", "/status/bandwidth").put("callback_user", "bw-status")
                .putSecret("callback_secret", "status-pw-0123").build();
        provider.signatureVerifier(config).verify(callback(MESSAGE_DELIVERED, basic("bw-status", "status-pw-0123")), config);
        assertEquals("no Authorization: Basic header, and callback_user of [websms] is set", refused(callback(MESSAGE_DELIVERED, null), config));
        assertEquals("the callback credentials do not match callback_user and callback_secret of [websms]",
                refused(callback(MESSAGE_DELIVERED, basic("username", "password")), config), "the API credentials are not the callback credentials");
    }

    @Test
    void theDocumentedStatusEventsGiveTheirStatusIdAndTime() throws Exception {
        InterfaceConfig config = outbound();
        assertEquals(List.of(StatusReport.builder("1593110555875xo7watq5px6rbe5d").rawStatus("message-sending").status(DeliveryStatus.QUEUED)
                .time(Instant.parse("2020-06-25T18:42:36.979Z")).build()), status(MESSAGE_SENDING));
        assertEquals(List.of(StatusReport.builder("14762070468292kw2fuqty55yp2b2").rawStatus("message-delivered").status(DeliveryStatus.DELIVERED)
                .time(Instant.parse("2016-09-14T18:20:16Z")).build()), status(MESSAGE_DELIVERED), "no error text from description \"ok\"");
        assertEquals(List.of(StatusReport.builder("14762070468292kw2fuqty55yp2b2").rawStatus("message-failed").status(DeliveryStatus.FAILED)
                .errorCode("4432").errorText("forbidden to country").time(Instant.parse("2016-09-14T18:20:16Z")).build()), status(MESSAGE_FAILED));
        assertEquals(List.of(), provider.statusParser(config).parse(callback(INBOUND_SMS, null), config), "an incoming message is no status");
    }

    @Test
    void aFailureMapsByWhoReportedItAsBandwidthsErrorCodesSay() throws Exception {
        assertEquals(DeliveryStatus.FAILED, failedWith("4432"), "Messaging to country forbidden: Bandwidth rejected it");
        assertEquals(DeliveryStatus.FAILED, failedWith("5500"), "General Message Send Failure: Bandwidth's");
        assertEquals(DeliveryStatus.UNDELIVERED, failedWith("4720"), "Carrier Rejected as Invalid Destination Address");
        assertEquals(DeliveryStatus.UNDELIVERED, failedWith("5600"), "Carrier Service Unavailable");
        assertEquals(DeliveryStatus.UNDELIVERED, failedWith("5999"), "Unknown error from downstream");
        assertEquals(DeliveryStatus.UNDELIVERED, failedWith("9999"), "Unknown error from downstream");
        assertEquals(DeliveryStatus.SENT, failedWith("9902"), "Timed out waiting for delivery receipt: Bandwidth says it may have arrived");
        StatusReport noCode = status(MESSAGE_FAILED.replace("\"errorCode\"     : 4432,", "")).get(0);
        assertEquals(Optional.of(DeliveryStatus.FAILED), noCode.status());
        assertEquals(Optional.empty(), noCode.errorCode());
    }

    private DeliveryStatus failedWith(String code) throws WebhookException {
        return status(MESSAGE_FAILED.replace("4432", code)).get(0).status().orElseThrow();
    }

    @Test
    void oneStatusCallbackMayCarrySeveralReportsAndEachNeedsItsMessageId() throws Exception {
        String two = "[" + inner(MESSAGE_SENDING.strip()) + "," + inner(MESSAGE_DELIVERED.strip().replace("14762070468292kw2fuqty55yp2b2", "1593110555875xo7watq5px6rbe5d")) + "]";
        assertEquals(List.of("message-sending", "message-delivered"), status(two).stream().map(StatusReport::rawStatus).toList());
        WebhookException noId = assertThrows(WebhookException.class,
                () -> status(MESSAGE_DELIVERED.replace("\"id\"            : \"14762070468292kw2fuqty55yp2b2\",", "")));
        assertEquals("[0].message.id: the message id is missing", noId.getMessage());
    }

    private List<StatusReport> status(String json) throws WebhookException {
        return provider.statusParser(outbound()).parse(callback(json, null), outbound());
    }

    @Test
    void checkConfigNamesWhatIsMissing() {
        assertEquals(List.of(), provider.check(outbound()));
        InterfaceConfig bare = InterfaceConfig.builder(Direction.OUTBOUND).provider("bandwidth").put("url_path", "/api/v2/users/{account_id}/messages").build();
        assertEquals(List.of("account_id", "application_id"), provider.check(bare).stream().map(ConfigProblem::key).toList());
        assertEquals(List.of(ConfigProblem.warning("callback_user", "without callback credentials, anyone who can reach status_path can post delivery events",
                "give the application Status Callback credentials in Bandwidth, and the same callback_user and callback_secret here")),
                provider.check(outbound().with("status_path", "/status/bandwidth")));
        assertEquals(List.of(ConfigProblem.warning("callback_user", "without callback credentials, anyone who can reach the webhook can post messages to your phones",
                "give the application Inbound Callback credentials in Bandwidth, and the same callback_user and callback_secret here")),
                provider.check(inbound("", "")));
        assertEquals(List.of(ConfigProblem.error("callback_secret", "callback_user and callback_secret go together: one is set, the other is not",
                "set both, as the application's callback credentials in Bandwidth say, or neither")), provider.check(inbound("bw-callbacks", "")));
        assertEquals(List.of(), provider.check(inbound("bw-callbacks", "s3cret-callback-pw")));
    }

    @Test
    void keysAndCoreKeysAreDeclaredPerSection() {
        assertEquals(Set.of("url_host", "url_path"), provider.coreKeysRead(Direction.OUTBOUND));
        assertEquals(Set.of(), provider.coreKeysRead(Direction.INBOUND));
        assertEquals(List.of(Direction.OUTBOUND, Direction.INBOUND),
                provider.keys().stream().filter(k -> k.name().equals("callback_secret")).map(k -> k.direction()).toList());
        assertEquals(List.of(true, true), provider.keys().stream().filter(k -> k.name().equals("callback_secret")).map(k -> k.secret()).toList());
    }

    private String refused(InboundRequest request, InterfaceConfig config) {
        WebhookException e = assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(request, config));
        assertEquals(403, e.status());
        return e.getMessage();
    }
}
