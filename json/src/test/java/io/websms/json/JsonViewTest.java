package io.websms.json;

import io.websms.api.InboundRequest;
import io.websms.api.ItspResponse;
import io.websms.api.JsonException;
import io.websms.api.JsonSupport;
import io.websms.api.JsonView;
import io.websms.api.WebhookException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The api's JSON view as a plugin sees it, read by this module: through InboundRequest.json() and ItspResponse.json(). */
class JsonViewTest {

    /** The shape of Telnyx's message webhook (API v2): the numbers deep inside, the recipients in a list. */
    private static final String TELNYX_LIKE = """
            {"data":{"event_type":"message.received","id":"b301ed3f","occurred_at":"2026-01-05T10:00:00.000+00:00",
              "payload":{"from":{"phone_number":"+13125550001","carrier":null},
                "to":[{"phone_number":"+17735550002","status":"webhook_delivered"},{"phone_number":"+17735550003"}],
                "text":"Hello \\"there\\" \\ud83d\\ude00","parts":1,"cost":{"amount":"0.0040","rate":12.50,"big":12345678901234567890123},
                "media":[],"is_spam":false}}}""";

    private static InboundRequest webhook(String body) {
        return InboundRequest.builder().body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void serviceLoaderFindsThisModule() {
        List<JsonSupport> found = ServiceLoader.load(JsonSupport.class).stream().map(ServiceLoader.Provider::get).toList();
        assertEquals(1, found.size(), "one JsonSupport: " + found);
        assertEquals(JacksonJsonSupport.class, found.get(0).getClass());
    }

    @Test
    void aWebhookBodyIsNavigatedByNameIndexAndPath() throws Exception {
        InboundRequest request = webhook(TELNYX_LIKE);
        JsonView payload = request.json().get("data").get("payload");
        assertEquals(Optional.of("+17735550002"), request.json().at("data.payload.to[0].phone_number").text());
        assertEquals(Optional.of("+17735550003"), payload.at("to[1].phone_number").text());
        assertEquals(Optional.of("+13125550001"), payload.get("from").get("phone_number").text());
        assertEquals(Optional.of("Hello \"there\" 😀"), payload.get("text").text(), "escapes decoded, the surrogate pair one emoji");
        assertEquals(List.of("event_type", "id", "occurred_at", "payload"), request.json().get("data").fieldNames(), "in the order written");
        assertEquals(2, payload.get("to").elements().size());
        assertEquals(List.of("+17735550002", "+17735550003"),
                payload.get("to").elements().stream().map(to -> to.get("phone_number").text().orElseThrow()).toList());
        assertSame(request.json(), request.json(), "read once");
    }

    @Test
    void typedReadsGiveNumbersAsWrittenAndNothingForTheWrongKind() throws Exception {
        JsonView payload = webhook(TELNYX_LIKE).json().at("data.payload");
        assertEquals(Optional.of("12.50"), payload.at("cost.rate").text(), "a number's text as written");
        assertEquals(Optional.of(new BigDecimal("12.50")), payload.at("cost.rate").number());
        assertEquals(Optional.of(new BigDecimal("12345678901234567890123")), payload.at("cost.big").number(), "no digit lost");
        assertEquals(Optional.empty(), payload.at("cost.amount").number(), "a string of digits is no number");
        assertEquals(Optional.of("0.0040"), payload.at("cost.amount").text());
        assertEquals(Optional.of(false), payload.get("is_spam").bool());
        assertEquals(Optional.of("false"), payload.get("is_spam").text());
        assertEquals(Optional.empty(), payload.get("parts").bool());
        assertEquals(Optional.empty(), payload.get("from").text(), "an object has no text");
        assertEquals(List.of(), payload.get("from").elements(), "an object has no elements");
        assertEquals(List.of(), payload.get("to").fieldNames(), "an array has no members");
        assertEquals(JsonView.Kind.ARRAY, payload.get("media").kind());
        assertTrue(payload.get("media").elements().isEmpty());
    }

    @Test
    void whatIsNotThereIsMissingNotNullAndNavigatingOnIsSafe() throws Exception {
        JsonView root = webhook(TELNYX_LIKE).json();
        JsonView carrier = root.at("data.payload.from.carrier");
        assertTrue(carrier.isNull());
        assertFalse(carrier.isMissing(), "null is there");
        assertEquals(Optional.empty(), carrier.text());
        for (JsonView nowhere : List.of(root.at("data.payload.to[2].phone_number"), root.get("nothing").get("below").get(0),
                root.at("data.payload.text.length"), root.get("data").get(0), root.at("data.payload.to[99999999999]"))) {
            assertTrue(nowhere.isMissing(), nowhere.toString());
            assertEquals(Optional.empty(), nowhere.text());
            assertEquals(Optional.empty(), nowhere.number());
            assertEquals(List.of(), nowhere.elements());
            assertEquals("", nowhere.toJson());
        }
        assertSame(root, root.at(""), "the empty path is the value itself");
    }

    @Test
    void pathsStartWithAnIndexIntoAnArrayAndABadPathSaysWhy() throws Exception {
        JsonView events = JsonView.parse("[{\"id\":\"a\",\"tags\":[[\"x\",\"y\"]]},{\"id\":\"b\",\"dotted.name\":1}]");
        assertEquals(Optional.of("b"), events.at("[1].id").text());
        assertEquals(Optional.of("y"), events.at("[0].tags[0][1]").text());
        assertEquals(Optional.of("1"), events.get(1).get("dotted.name").text(), "a name with a dot is reached with get");
        for (String bad : List.of("a..b", ".a", "a.", "a[x]", "a[-1]", "a[0", "a]", "a[0]b", "a.[0]")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> events.at(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aBodyThatIsNotJsonIsA400NamingTheProblemAndWhere() {
        assertEquals("body: not JSON: Unrecognized token 'To': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 1)",
                assertThrows(WebhookException.class, () -> webhook("To=%2B1&From=%2B2").json()).getMessage());
        assertEquals("body: not JSON: no JSON value: the text is empty", assertThrows(WebhookException.class, () -> webhook("").json()).getMessage());
        assertEquals("body: not JSON: more text after the JSON value (line 1, column 9)",
                assertThrows(WebhookException.class, () -> webhook("{\"a\":1} {}").json()).getMessage());
        WebhookException twice = assertThrows(WebhookException.class, () -> webhook("{\"to\":\"+1\",\n\"to\":\"+2\"}").json());
        assertEquals(400, twice.status());
        assertEquals("body: not JSON: the member 'to' is given twice in one object, and which one was meant cannot be told (line 2, column 1)",
                twice.getMessage());
        byte[] latin1 = "{\"text\":\"Grüße\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("body: not JSON: not UTF-8, which JSON on the wire is",
                assertThrows(WebhookException.class, () -> InboundRequest.builder().body(latin1).build().json()).getMessage());
        for (String lax : List.of("{'a':1}", "{a:1}", "[1,]", "NaN", "[01]", "{\"a\":1}//", "\"tab\there\"")) {
            assertEquals(400, assertThrows(WebhookException.class, () -> webhook(lax).json(), lax).status(), lax);
        }
    }

    @Test
    void nestingIsBoundedAndRefusedWithoutOverflowingTheStack() throws Exception {
        assertEquals(JsonView.Kind.ARRAY, JsonView.parse("[".repeat(1000) + "]".repeat(1000)).kind());
        JsonException deep = assertThrows(JsonException.class, () -> JsonView.parse("[".repeat(100_000) + "]".repeat(100_000)));
        assertTrue(deep.getMessage().contains("nesting depth (1001) exceeds the maximum allowed (1000"), deep.getMessage());
    }

    @Test
    void aReplyThatIsNotJsonIsACheckedExceptionForTheCheckerToClassify() throws Exception {
        JsonException html = assertThrows(JsonException.class, () -> ItspResponse.of(200, "<html><body>Bad gateway</body></html>").json());
        assertEquals("Unexpected character ('<' (code 60)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 1)",
                html.getMessage());
        ItspResponse reply = ItspResponse.of(201, "{\"sid\":\"SM1\",\"status\":\"queued\",\"price\":null}");
        assertEquals(Optional.of("SM1"), reply.json().get("sid").text());
        assertTrue(reply.json().get("price").isNull());
    }

    @Test
    void toJsonWritesCompactJsonWithNumbersAsWritten() throws Exception {
        JsonView view = JsonView.parse(" { \"a\" : [ 1.50 , true , null , \"x\\u0001\\n\" ] , \"b\" : { } } ");
        assertEquals("{\"a\":[1.50,true,null,\"x\\u0001\\n\"],\"b\":{}}", view.toJson());
        assertEquals(view, JsonView.parse(view.toJson()));
    }
}
