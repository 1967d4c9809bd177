package io.websms.provider.twiliolike;

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
import io.websms.api.WebhookException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SignalWire's Compatibility API: the host of the Space, and webhooks signed with the project's Signing Key in
 * X-SignalWire-Signature ("SignalWire signs every webhook request with a digital HMAC signature … You can find your
 * personalized signing key in the API Credentials … of your Dashboard", https://developer.signalwire.com/guides/webhook-security;
 * the Compatibility SDK's RestClient.validateRequest takes that key, the header, the URL and the POST parameters).
 * SignalWire publishes no example values; its computation is Twilio's, so Twilio's published example
 * (https://www.twilio.com/docs/usage/security#validating-requests) checks it, with the Signing Key in the place of the
 * auth token.
 */
class SignalWireTest {

    private final Provider provider = new SignalWireProvider();

    private static InterfaceConfig inbound(String signingKey) {
        return InterfaceConfig.builder(Direction.INBOUND).provider("signalwire").put("key_to", "To").put("key_from", "From")
                .put("key_body", "Body").put("resp_ack", "<Response></Response>").putSecret("auth_secret", signingKey).put("public_url", "").build();
    }

    private static InterfaceConfig outbound() {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("signalwire").put("space_url", "example.signalwire.com").put("url_host", "")
                .put("url_path", "/api/laml/2010-04-01/Accounts/{auth_user}/Messages.json").put("key_to", "To").put("key_from", "From")
                .put("key_body", "Body").put("auth_user", "a1b2c3d4-0000-4e5f-8a9b-0123456789ab").putSecret("auth_secret", "PTapitoken").build();
    }

    /** Twilio's published example request, with the signature in the header {@code header}. */
    private static InboundRequest example(String header, String signature) {
        InboundRequest.Builder request = InboundRequest.builder().publicUrl("https://mycompany.com/myapp.php?foo=1&bar=2")
                .queryParameter("foo", "1").queryParameter("bar", "2")
                .field("CallSid", "CA1234567890ABCDE").field("Caller", "+14158675309").field("Digits", "1234")
                .field("From", "+14158675309").field("To", "+18005551212");
        return header == null ? request.build() : request.headers(Headers.of(List.of(new Headers.Field(header, signature)))).build();
    }

    @Test
    void theSignatureInXSignalWireSignatureWithTheSigningKeyIsAccepted() throws Exception {
        InterfaceConfig config = inbound("12345");
        provider.signatureVerifier(config).verify(example("X-SignalWire-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8="), config);
        provider.signatureVerifier(config).verify(example("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8="), config);
    }

    @Test
    void aForgedOrMissingSignatureIsRefused() {
        InterfaceConfig config = inbound("12345");
        WebhookException forged = assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(config).verify(example("X-SignalWire-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8X"), config));
        assertEquals(403, forged.status());
        assertEquals("X-SignalWire-Signature does not match (check auth_secret, and public_url behind a proxy)", forged.getMessage());
        WebhookException missing = assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(example(null, null), config));
        assertEquals("no X-SignalWire-Signature or X-Twilio-Signature header, and auth_secret is set", missing.getMessage());
        InterfaceConfig otherKey = inbound("API-token-not-the-signing-key");
        assertEquals(403, assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(otherKey).verify(example("X-SignalWire-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8="), otherKey)).status());
    }

    @Test
    void statusCallbacksAreCheckedWithSigningKeyNotTheApiToken() throws Exception {
        String statusUrl = "https://pbx.example.com/status/signalwire";
        Map<String, List<String>> fields = new TreeMap<>(Map.of("MessageSid", List.of("b3877c40-da60-4998-90ad-b792e98472af"),
                "MessageStatus", List.of("delivered"), "AccountSid", List.of("a1b2c3d4-0000-4e5f-8a9b-0123456789ab")));
        InboundRequest.Builder callback = InboundRequest.builder().publicUrl("http://127.0.0.1:8080/status/signalwire");
        fields.forEach((k, v) -> callback.field(k, v.get(0)));
        InboundRequest signed = callback.headers(Headers.of(List.of(new Headers.Field("X-SignalWire-Signature",
                TwilioSignatureVerifier.sign("PSK_signing", statusUrl, fields))))).build();
        InterfaceConfig config = outbound().toBuilder().put("status_url", statusUrl).putSecret("signing_key", "PSK_signing").build();
        provider.signatureVerifier(config).verify(signed, config);
        assertEquals(Optional.of(DeliveryStatus.DELIVERED), provider.statusParser(config).parse(signed, config).get(0).status());
        InterfaceConfig keyedWithToken = config.toBuilder().putSecret("signing_key", "PTapitoken").build();
        WebhookException wrong = assertThrows(WebhookException.class, () -> provider.signatureVerifier(keyedWithToken).verify(signed, keyedWithToken));
        assertEquals("X-SignalWire-Signature does not match (check signing_key, and status_url behind a proxy)", wrong.getMessage());
    }

    @Test
    void initiatedIsOnItsWay() throws Exception {
        InterfaceConfig config = outbound();
        InboundRequest callback = InboundRequest.builder().field("MessageSid", "b3877c40").field("MessageStatus", "initiated").build();
        assertEquals(Optional.of(DeliveryStatus.QUEUED), provider.statusParser(config).parse(callback, config).get(0).status());
        assertEquals(SendResult.sent(201, "b3877c40"), provider.responseChecker(config).check(ItspResponse.of(201,
                "{\"sid\":\"b3877c40\",\"status\":\"initiated\"}"), config));
    }

    @Test
    void messagesGoToTheSpacesCompatibilityApi() throws Exception {
        OutboundRequest request = provider.requestMapper(outbound()).map(Message.of("+12025550183", "+15017122661", "hi"), outbound());
        assertEquals("https://example.signalwire.com/api/laml/2010-04-01/Accounts/a1b2c3d4-0000-4e5f-8a9b-0123456789ab/Messages.json", request.uri().toString());
        assertEquals("Body=hi&From=%2B15017122661&To=%2B12025550183", request.bodyText());
        InterfaceConfig shortName = outbound().with("space_url", "https://Example/");
        assertEquals("example.signalwire.com", provider.requestMapper(shortName).map(Message.of("+12025550183", "+15017122661", "hi"), shortName).uri().getHost());
        InterfaceConfig viaProxy = outbound().with("url_host", "https://proxy.example.net");
        assertEquals("proxy.example.net", provider.requestMapper(viaProxy).map(Message.of("+12025550183", "+15017122661", "hi"), viaProxy).uri().getHost());
        InterfaceConfig none = outbound().with("space_url", "");
        assertEquals("space_url", assertThrows(InvalidMessageException.class,
                () -> provider.requestMapper(none).map(Message.of("+12025550183", "+15017122661", "hi"), none)).field());
    }

    @Test
    void aMissingOrBadSpaceUrlStopsWebsmsAndUnsignedStatusCallbacksAreWarnedAbout() {
        assertEquals(List.of(), provider.check(outbound()));
        List<ConfigProblem> none = provider.check(outbound().with("space_url", ""));
        assertEquals(List.of(ConfigProblem.error("space_url", "no SignalWire Space to send to: space_url and url_host are both empty",
                "set space_url to the Space URL of your project's API page, e.g. space_url = example.signalwire.com")), none);
        assertEquals("'exa mple' is no Space URL (a host name such as example.signalwire.com)",
                provider.check(outbound().with("space_url", "exa mple")).get(0).message());
        assertEquals(List.of(), provider.check(outbound().with("space_url", "").with("url_host", "https://proxy.example.net")));
        List<ConfigProblem> unsigned = provider.check(outbound().with("status_path", "/status/signalwire"));
        assertEquals(List.of("signing_key"), unsigned.stream().map(ConfigProblem::key).toList());
        assertEquals(ConfigProblem.Severity.WARNING, unsigned.get(0).severity());
        assertNull(SignalWireProvider.host("example.signalwire.com/api"));
    }
}
