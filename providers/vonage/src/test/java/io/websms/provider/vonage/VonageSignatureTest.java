package io.websms.provider.vonage;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.WebhookException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Vonage's sig, checked against the values Vonage publishes with its Java SDK (RequestSigningTest in
 * https://github.com/Vonage/vonage-java-sdk, src/test/java/com/vonage/client/auth/RequestSigningTest.java): parameters
 * a=alphabet, b=bananas, timestamp=2100, signature secret abcde, one signature per method. The scheme is described at
 * https://developer.vonage.com/en/getting-started/concepts/signing-messages.
 */
class VonageSignatureTest {

    private static final String SECRET = "abcde";
    /** The SDK's test checks at 2100 s, the time the example was signed. */
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(2100);

    private static InterfaceConfig inbound(String method) {
        return InterfaceConfig.builder(Direction.INBOUND).provider("vonage").putSecret("signature_secret", SECRET).put("signature_method", method).build();
    }

    private static InboundRequest example(String sig) {
        return InboundRequest.builder().method("GET").queryParameter("a", "alphabet").queryParameter("b", "bananas")
                .queryParameter("timestamp", "2100").queryParameter("sig", sig).build();
    }

    private static void verify(InboundRequest request, InterfaceConfig config, Instant now) throws WebhookException {
        new VonageSignatureVerifier(Clock.fixed(now, ZoneOffset.UTC)).verify(request, config);
    }

    private static WebhookException refused(InboundRequest request, InterfaceConfig config, Instant now) {
        WebhookException e = assertThrows(WebhookException.class, () -> verify(request, config, now));
        assertEquals(403, e.status(), e.getMessage());
        return e;
    }

    @Test
    void vonagesPublishedSignaturesOfEachMethodAreAccepted() throws Exception {
        verify(example("7d43241108912b32cc315b48ce681acf"), inbound("md5hash"), SIGNED_AT);
        verify(example("e0afe267aefd6dd18a848c1681517a19"), inbound("md5"), SIGNED_AT);
        verify(example("b7f749de27b4adcf736cc95c9a7e059a16c85127"), inbound("sha1"), SIGNED_AT);
        verify(example("8d1b0428276b6a070578225914c3502cc0687a454dfbbbb370c76a14234cb546"), inbound("sha256"), SIGNED_AT);
        verify(example("1c834a1f6a377d4473971387b065cb38e2ad6c4869ba77b7b53e207a344e87ba04b456dfc697b371a2d1ce476d01dafd4394aa97525eff23badad39d2389a710"),
                inbound("sha512"), SIGNED_AT);
        // Vonage's .NET SDK writes the HMAC in upper case: the case does not matter.
        verify(example("8d1b0428276b6a070578225914c3502cc0687a454dfbbbb370c76a14234cb546".toUpperCase(Locale.ROOT)), inbound("sha256"), SIGNED_AT);
        // The SDK's test with b empty: a blank parameter is not signed.
        verify(InboundRequest.builder().queryParameter("a", "alphabet").queryParameter("b", "").queryParameter("timestamp", "2100")
                .queryParameter("sig", "a3368bf718ba104dcb392d8877e8eb2b").build(), inbound("md5hash"), SIGNED_AT);
    }

    @Test
    void aSignatureOfAnotherMethodSecretOrParameterIsRefused() {
        assertEquals("sig does not match (check signature_secret, and that signature_method is sha256 as in Vonage's dashboard)",
                refused(example("7d43241108912b32cc315b48ce681acf"), inbound("sha256"), SIGNED_AT).getMessage());
        refused(example("7d43241108912b32cc315b48ce681acf"), inbound("md5hash").with("signature_secret", "abcdf"), SIGNED_AT);
        InboundRequest changed = InboundRequest.builder().queryParameter("a", "alphabet").queryParameter("b", "bananaz")
                .queryParameter("timestamp", "2100").queryParameter("sig", "7d43241108912b32cc315b48ce681acf").build();
        refused(changed, inbound("md5hash"), SIGNED_AT);
        InboundRequest added = InboundRequest.builder().queryParameter("a", "alphabet").queryParameter("b", "bananas")
                .queryParameter("timestamp", "2100").queryParameter("sig", "7d43241108912b32cc315b48ce681acf").field("text", "injected").build();
        refused(added, inbound("md5hash"), SIGNED_AT);
    }

    @Test
    void aTimestampMoreThanFiveMinutesAwayIsAReplayAndRefused() throws Exception {
        verify(example("7d43241108912b32cc315b48ce681acf"), inbound("md5hash"), SIGNED_AT.plusSeconds(300));
        verify(example("7d43241108912b32cc315b48ce681acf"), inbound("md5hash"), SIGNED_AT.minusSeconds(300));
        assertEquals("timestamp 1970-01-01T00:35:00Z is more than 5 minutes from now (1970-01-01T00:40:01Z): a replayed or delayed call, or a wrong clock",
                refused(example("7d43241108912b32cc315b48ce681acf"), inbound("md5hash"), SIGNED_AT.plusSeconds(301)).getMessage());
        refused(example("7d43241108912b32cc315b48ce681acf"), inbound("md5hash"), SIGNED_AT.minusSeconds(301));
        InboundRequest noTimestamp = InboundRequest.builder().queryParameter("a", "alphabet").queryParameter("b", "bananas")
                .queryParameter("sig", "7d43241108912b32cc315b48ce681acf").build();
        assertEquals("no timestamp (Unix seconds) beside sig; Vonage signs one into every signed call",
                refused(noTimestamp, inbound("md5hash"), SIGNED_AT).getMessage());
    }

    @Test
    void anUnsignedCallIsRefusedWhenASecretIsSetAndPassesWhenNone() throws Exception {
        InboundRequest unsigned = InboundRequest.builder().queryParameter("a", "alphabet").queryParameter("timestamp", "2100").build();
        assertEquals("no sig parameter, and signature_secret is set", refused(unsigned, inbound("md5hash"), SIGNED_AT).getMessage());
        verify(unsigned, InterfaceConfig.builder(Direction.INBOUND).provider("vonage").build(), SIGNED_AT);
        refused(example("7d43241108912b32cc315b48ce681acf"), inbound("sha3"), SIGNED_AT);
    }

    @Test
    void withoutAnApiSecretMessagesAreSentSignedWithTimestampAndSigAndNoSecretOnTheWire() throws Exception {
        InterfaceConfig config = InterfaceConfig.builder(Direction.OUTBOUND).provider("vonage").put("url_host", "https://rest.nexmo.com")
                .put("url_path", "/sms/json").put("auth_user", "abcd1234").putSecret("signature_secret", SECRET).put("signature_method", "md5hash").build();
        OutboundRequest mapped = new VonageRequestMapper().map(Message.of("+44 7700 900000", "AcmeInc", "Hello=World&more"), config);
        OutboundRequest signed = new VonageAuth(Clock.fixed(SIGNED_AT, ZoneOffset.UTC)).authenticate(mapped, config);
        // md5 of the sorted parameters, & and = inside values replaced by _, then the secret (Vonage's "MD5 hash").
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(
                "&api_key=abcd1234&from=AcmeInc&text=Hello_World_more&timestamp=2100&to=447700900000abcde".getBytes(StandardCharsets.UTF_8)));
        assertEquals("api_key=abcd1234&from=AcmeInc&sig=" + expected + "&text=Hello%3DWorld%26more&timestamp=2100&to=447700900000", signed.bodyText());
        // The same request, checked the way Vonage checks it.
        InboundRequest.Builder asReceived = InboundRequest.builder();
        signed.fields().forEach(asReceived::field);
        verify(asReceived.build(), inbound("md5hash"), SIGNED_AT);
        OutboundRequest withSecret = new VonageAuth().authenticate(mapped, config.toBuilder().putSecret("auth_secret", "api-secret").build());
        assertEquals(Map.of("api_key", "abcd1234", "api_secret", "api-secret"),
                Map.of("api_key", withSecret.fields().get("api_key"), "api_secret", withSecret.fields().get("api_secret")));
        assertEquals(null, withSecret.fields().get("sig"), "api_secret and sig together are refused by Vonage (status 32)");
    }
}
