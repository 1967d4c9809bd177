package io.websms.provider.generic;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.WebhookException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each field comes from the shallowest place it appears: nothing inside a message's text sets its envelope. */
class GenericWebhookParserTest {

    private static final InterfaceConfig TWILIO_KEYS = InterfaceConfig.builder(Direction.INBOUND)
            .put("key_to", "To").put("key_from", "From").put("key_body", "Body").build();
    private static final InterfaceConfig ZADARMA_KEYS = InterfaceConfig.builder(Direction.INBOUND)
            .put("key_to", "caller_did").put("key_from", "caller_id").put("key_body", "text").build();
    private final GenericWebhookParser parser = new GenericWebhookParser();

    private Message parse(InboundRequest request, InterfaceConfig keys) throws WebhookException {
        return parser.parse(request, keys);
    }

    @Test
    void aTextThatIsJsonWithOtherNumbersArrivesAsSentAndSetsNothing() throws Exception {
        String spoof = "{\"To\":\"+19995550000\",\"From\":\"+18005551234\",\"Body\":\"spoofed\"}";
        Message message = parse(InboundRequest.builder().field("To", "+12025550160").field("From", "+15017122661").field("Body", spoof).build(), TWILIO_KEYS);
        assertEquals("+12025550160", message.to());
        assertEquals("+15017122661", message.from());
        assertEquals(spoof, message.body());
    }

    @Test
    void jsonLookingTextsAreNotEmptied() throws Exception {
        for (String text : new String[] {"{\"total\":42}", "[1,2,3]", "{}", "[]"}) {
            Message message = parse(InboundRequest.builder().field("To", "+1").field("From", "+2").field("Body", text).build(), TWILIO_KEYS);
            assertEquals(text, message.body());
        }
    }

    @Test
    void aZadarmaResultIsDecodedOnceAndTheJsonInsideItsTextIsNot() throws Exception {
        String inner = "{\"caller_did\":\"+19995550000\",\"caller_id\":\"+18005551234\",\"text\":\"spoofed\"}";
        String result = "{\"caller_id\":\"+79991234567\",\"caller_did\":\"+74951234567\",\"text\":" + quote(inner) + "}";
        Message message = parse(InboundRequest.builder().field("event", "SMS").field("result", result).build(), ZADARMA_KEYS);
        assertEquals("+74951234567", message.to());
        assertEquals("+79991234567", message.from());
        assertEquals(inner, message.body());
    }

    @Test
    void aStringInsideJsonIsNeverDecodedIntoFields() throws Exception {
        // The numbers exist only inside a JSON string inside JSON: the original found them, we do not.
        String data = "{\"payload\":" + quote("{\"To\":\"+19995550000\",\"From\":\"+18005551234\"}") + ",\"Body\":\"hi\"}";
        WebhookException missing = assertThrows(WebhookException.class,
                () -> parse(InboundRequest.builder().field("data", data).build(), TWILIO_KEYS));
        assertEquals(400, missing.status());
    }

    @Test
    void topLevelFieldsWinOverDecodedJsonAndTheShallowestMemberWins() throws Exception {
        String data = "{\"To\":\"+19995550000\",\"Body\":\"from data\",\"deeper\":{\"From\":\"+18005551234\",\"To\":\"+17775550000\"}}";
        Message message = parse(InboundRequest.builder().field("data", data).field("To", "+12025550160").build(), TWILIO_KEYS);
        assertEquals("+12025550160", message.to(), "top level first");
        assertEquals("+18005551234", message.from(), "missing above: the shallowest member that has it");
        assertEquals("from data", message.body());
    }

    @Test
    void nothingIsReadFromInsideTheValueTakenAsTheBody() throws Exception {
        // A JSON-object body member is the text; the numbers it holds are not the envelope.
        String data = "{\"Body\":{\"To\":\"+19995550000\",\"From\":\"+18005551234\"}}";
        assertThrows(WebhookException.class, () -> parse(InboundRequest.builder().field("data", data).build(), TWILIO_KEYS));
        Message message = parse(InboundRequest.builder().field("To", "+1").field("From", "+2")
                .field("Body", "{\"data\":{\"To\":\"+3\"}}").build(), TWILIO_KEYS);
        assertEquals("+1", message.to());
    }

    @Test
    void bandwidthStyleArraysAreRead() throws Exception {
        String array = "[{\"type\":\"message-received\",\"message\":{\"To\":\"+12025550160\",\"From\":\"+15017122661\",\"Body\":\"in an array\"}}]";
        Message message = parse(InboundRequest.builder().field("events", array).build(), TWILIO_KEYS);
        assertEquals("+12025550160", message.to());
        assertEquals("in an array", message.body());
    }

    @Test
    void theLastTopLevelValueOfANameCountsAsInPhp() throws Exception {
        Message message = parse(InboundRequest.builder().queryParameter("To", "+1").field("To", "+2").field("From", "+3").build(), TWILIO_KEYS);
        assertEquals("+2", message.to());
        assertEquals("", message.body(), "a missing body is an empty message");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
