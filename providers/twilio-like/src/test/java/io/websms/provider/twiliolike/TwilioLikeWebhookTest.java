package io.websms.provider.twiliolike;

import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.Provider;
import io.websms.api.WebhookException;
import io.websms.api.WebhookReply;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TwilioLikeWebhookTest {

    private final Provider provider = new TwilioLikeProvider();

    private static InterfaceConfig config(String token, String publicUrl) {
        return InterfaceConfig.builder(Direction.INBOUND).provider("twilio-like")
                .put("key_to", "To").put("key_from", "From").put("key_body", "Body").put("key_echo", "")
                .put("resp_ack", "<Response></Response>").putSecret("auth_secret", token).put("public_url", publicUrl).build();
    }

    /** Twilio's published example: token 12345, this URL and these fields give RSOYDt4T1cUTdK1PDd93/VVr8B8=. */
    private static InboundRequest.Builder twilioExample(String signature) {
        InboundRequest.Builder request = InboundRequest.builder().publicUrl("https://mycompany.com/myapp.php?foo=1&bar=2")
                .queryParameter("foo", "1").queryParameter("bar", "2")
                .field("CallSid", "CA1234567890ABCDE").field("Caller", "+14158675309").field("Digits", "1234")
                .field("From", "+14158675309").field("To", "+18005551212");
        return signature == null ? request : request.headers(Headers.of(List.of(new Headers.Field("X-Twilio-Signature", signature))));
    }

    @Test
    void anMmsGivesItsMediaUrlsInOrderAsTwilioNumbersThem() throws Exception {
        // The fields of Twilio's incoming-message webhook for an MMS: NumMedia, MediaUrl0.., MediaContentType0..
        InboundRequest mms = InboundRequest.builder().field("MessageSid", "MM1234567890abcdef").field("From", "+14158675309")
                .field("To", "+18005551212").field("Body", "Look").field("NumMedia", "2")
                .field("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1").field("MediaContentType0", "image/jpeg")
                .field("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2").field("MediaContentType1", "image/png")
                .build();
        Message message = provider.webhookParser(config("", "")).parse(mms, config("", ""));
        assertEquals("Look", message.body());
        assertEquals(List.of("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
                "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2"), message.media());
        assertEquals(List.of(), provider.webhookParser(config("", "")).parse(twilioExample(null).field("Body", "plain").build(), config("", "")).media());
    }

    @Test
    void theSignatureOfTwilioPublishedExampleIsAccepted() throws Exception {
        InterfaceConfig config = config("12345", "");
        provider.signatureVerifier(config).verify(twilioExample("RSOYDt4T1cUTdK1PDd93/VVr8B8=").build(), config);
    }

    @Test
    void aForgedOrMissingSignatureIsRefused() {
        InterfaceConfig config = config("12345", "");
        WebhookException forged = assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(config).verify(twilioExample("RSOYDt4T1cUTdK1PDd93/VVr8B8X").build(), config));
        assertEquals(403, forged.status());
        assertEquals("X-Twilio-Signature does not match (check auth_secret, and public_url behind a proxy)", forged.getMessage());
        InboundRequest tampered = twilioExample("RSOYDt4T1cUTdK1PDd93/VVr8B8=").field("Body", "injected").build();
        assertEquals(403, assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(tampered, config)).status());
        WebhookException missing = assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(twilioExample(null).build(), config));
        assertEquals("no X-Twilio-Signature header, and auth_secret is set", missing.getMessage());
    }

    @Test
    void behindAProxyThePublicUrlIsWhatIsSigned() throws Exception {
        InterfaceConfig config = config("12345", "https://mycompany.com/myapp.php");
        InboundRequest seenByWebsms = twilioExample("RSOYDt4T1cUTdK1PDd93/VVr8B8=").publicUrl("http://127.0.0.1:8080/?foo=1&bar=2").build();
        provider.signatureVerifier(config).verify(seenByWebsms, config);
        InterfaceConfig withoutPublicUrl = config("12345", "");
        assertThrows(WebhookException.class, () -> provider.signatureVerifier(withoutPublicUrl).verify(seenByWebsms, withoutPublicUrl));
    }

    @Test
    void withoutATokenNothingIsChecked() throws Exception {
        InterfaceConfig config = config("", "");
        provider.signatureVerifier(config).verify(twilioExample(null).build(), config);
    }

    @Test
    void readsToFromBodyAndMessageSidAndAcksWithEmptyTwiml() throws Exception {
        InterfaceConfig config = config("", "");
        Message message = provider.webhookParser(config).parse(InboundRequest.builder().field("To", "+18005551212")
                .field("From", "+14158675309").field("Body", "Hi ~*+ ü 😀").field("MessageSid", "SM0123456789abcdef").build(), config);
        assertEquals(Message.builder().to("+18005551212").from("+14158675309").body("Hi ~*+ ü 😀").id("SM0123456789abcdef").build(), message);
        assertEquals(new WebhookReply(200, "text/xml; charset=utf-8", "<Response></Response>"), provider.acknowledger(config).ack(message, config));
    }

    @Test
    void numbersAreSentInE164WithPlus() {
        assertEquals("+46701234567", TwilioLikeRequestMapper.e164("0046701234567"));
        assertEquals("+46701234567", TwilioLikeRequestMapper.e164("46701234567"));
        assertEquals("+46701234567", TwilioLikeRequestMapper.e164("+46701234567"));
        assertEquals("0701234567", TwilioLikeRequestMapper.e164("0701234567"));
    }
}
