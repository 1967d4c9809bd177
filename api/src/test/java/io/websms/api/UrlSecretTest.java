package io.websms.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The URL secret of the ITSPs that sign nothing, and the E.164 numbers most JSON APIs take. */
class UrlSecretTest {

    private static final InterfaceConfig WEBHOOKS = InterfaceConfig.builder(Direction.INBOUND).putSecret("auth_secret", "k7 &x").build();
    private static final InterfaceConfig STATUS = InterfaceConfig.builder(Direction.OUTBOUND).putSecret("status_secret", "s3").build();

    private static InboundRequest call(String... secrets) {
        InboundRequest.Builder request = InboundRequest.builder().path("/sms").target("/sms");
        for (String secret : secrets) {
            request.queryParameter(UrlSecret.PARAMETER, secret);
        }
        return request.build();
    }

    @Test
    void aCallMustCarryTheSecretOnceAndExactly() throws WebhookException {
        UrlSecret check = UrlSecret.inWebhooksAndStatusCallbacks();
        check.verify(call("k7 &x"), WEBHOOKS);
        check.verify(call("s3"), STATUS);
        WebhookException missing = assertThrows(WebhookException.class, () -> check.verify(call(), WEBHOOKS));
        assertEquals(403, missing.status());
        assertEquals("no secret parameter in the URL, and auth_secret is set", missing.getMessage());
        assertEquals("the secret parameter in the URL is not status_secret",
                assertThrows(WebhookException.class, () -> check.verify(call("S3"), STATUS)).getMessage());
        assertEquals("the secret parameter in the URL is not auth_secret",
                assertThrows(WebhookException.class, () -> check.verify(call("k7 &x", "k7 &x"), WEBHOOKS)).getMessage(), "given twice");
        check.verify(call(), InterfaceConfig.builder(Direction.INBOUND).build()); // no secret set: nothing checked
        UrlSecret.inWebhooks().verify(call(), InterfaceConfig.builder(Direction.OUTBOUND).putSecret("auth_secret", "API password").build());
    }

    @Test
    void theSecretIsAddedToACallbackUrlBeforeItsFragment() {
        assertEquals("https://pbx.example.com/status?secret=k7+%26x", UrlSecret.addTo("https://pbx.example.com/status", "k7 &x"));
        assertEquals("https://pbx.example.com/status?i=2&secret=s3#top", UrlSecret.addTo("https://pbx.example.com/status?i=2#top", "s3"));
        assertEquals("https://pbx.example.com/status", UrlSecret.addTo("https://pbx.example.com/status", ""));
    }

    @Test
    void numbersGoInE164AndASenderIdAsItIs() throws InvalidMessageException {
        assertEquals("+12025550183", PhoneNumbers.e164("to", "+1 (202) 555-0183"));
        assertEquals("+46701234567", PhoneNumbers.e164("to", "0046 70 123 45 67"));
        assertEquals("+46701234567", PhoneNumbers.e164("to", "46701234567"));
        assertEquals("0701234567", PhoneNumbers.e164("to", "070-123 45 67"), "a national number is left for the ITSP to refuse");
        assertEquals("ACME Ltd", PhoneNumbers.e164OrSenderId("ACME Ltd"));
        InvalidMessageException bad = assertThrows(InvalidMessageException.class, () -> PhoneNumbers.e164("to", "+1;555\u0007 0"));
        assertEquals("to", bad.field());
        assertEquals("to: '+1;555\\u0007 0' is not a phone number (digits, an optional leading +, and the separators space - . ( ))", bad.getMessage());
    }
}
