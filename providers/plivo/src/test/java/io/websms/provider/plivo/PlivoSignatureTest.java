package io.websms.provider.plivo;

import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Provider;
import io.websms.api.WebhookException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Plivo's signatures, checked against the values Plivo publishes with its server SDKs: V2 from plivo-python's
 * tests/resources/test_signature.py and plivo-node's test/utils.js (https://github.com/plivo/plivo-python,
 * https://github.com/plivo/plivo-node), V3 from plivo-go's utils_test.go (TestValidateSignatureV3Pass1..4,
 * https://github.com/plivo/plivo-go); the scheme is described at https://docs.plivo.com/docs/messaging/concepts/signature-validation
 * (V2) and https://docs.plivo.com/docs/voice/concepts/signature-validation/ (V3).
 */
class PlivoSignatureTest {

    private final Provider provider = new PlivoProvider();

    /** plivo-go's V3 example: the parameters of a call's StartApp event, signed with this token and nonce. */
    private static final String V3_TOKEN = "Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4";
    private static final String V3_NONCE = "31627761595286130198";
    private static final String V3_URL = "https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml";

    private static Map<String, String> v3Params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Direction", "outbound");
        params.put("From", "19792014278");
        params.put("ALegUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36");
        params.put("CallStatus", "in-progress");
        params.put("BillRate", "0.002");
        params.put("ParentAuthID", "MANWVLYTK4ZWU1YTY4QA");
        params.put("To", "sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com");
        params.put("ALegRequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36");
        params.put("CallUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36");
        params.put("RequestUUID", "3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36");
        params.put("SIP-H-To", "<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1");
        params.put("SessionStart", "2020-04-08 11:34:33.238707");
        params.put("Event", "StartApp");
        return params;
    }

    private static InterfaceConfig inbound(String token, String publicUrl) {
        return InterfaceConfig.builder(Direction.INBOUND).provider("plivo").putSecret("auth_secret", token).put("public_url", publicUrl).build();
    }

    private static Headers headers(String... nameValue) {
        List<Headers.Field> fields = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            fields.add(new Headers.Field(nameValue[i], nameValue[i + 1]));
        }
        return Headers.of(fields);
    }

    /** A POST of plivo-go's parameters to {@code url}, with {@code query} in the URL, as websms hands it over. */
    private static InboundRequest.Builder post(String url, Map<String, String> query, Map<String, String> fields) {
        InboundRequest.Builder request = InboundRequest.builder().method("POST").publicUrl(url);
        query.forEach(request::queryParameter);
        fields.forEach(request::field);
        return request;
    }

    private void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        provider.signatureVerifier(config).verify(request, config);
    }

    private WebhookException refused(InboundRequest request, InterfaceConfig config) {
        WebhookException e = assertThrows(WebhookException.class, () -> verify(request, config));
        assertEquals(403, e.status(), e.getMessage());
        return e;
    }

    @Test
    void plivosPublishedV3ExamplesAreAcceptedForPostAndGetWithAndWithoutAQuery() throws Exception {
        Map<String, String> ab = new LinkedHashMap<>(Map.of("a", "b", "c", "d"));
        // Pass1: POST to the URL with ?a=b&c=d.
        verify(post(V3_URL + "/?a=b&c=d", ab, v3Params()).headers(headers("X-Plivo-Signature-V3", "k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=",
                "X-Plivo-Signature-V3-Nonce", V3_NONCE)).build(), inbound(V3_TOKEN, ""));
        // Pass3: POST to the URL without a query.
        verify(post(V3_URL, Map.of(), v3Params()).headers(headers("X-Plivo-Signature-V3", "iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=",
                "X-Plivo-Signature-V3-Nonce", V3_NONCE)).build(), inbound(V3_TOKEN, ""));
        // Pass2 and Pass4: the same as a GET, every parameter in the query.
        Map<String, String> all = new LinkedHashMap<>(ab);
        all.putAll(v3Params());
        verify(post(V3_URL + "/?a=b&c=d", all, Map.of()).method("GET").headers(headers("X-Plivo-Signature-V3",
                "UBq8jAtd32wR8EK9VgxbBn4n5rpI/l1H9iN4WfSEHFQ=", "X-Plivo-Signature-V3-Nonce", V3_NONCE)).build(), inbound(V3_TOKEN, ""));
        verify(post(V3_URL, v3Params(), Map.of()).method("GET").headers(headers("X-Plivo-Signature-V3",
                "i/MQsaQSAd6fiKhOh2qeeeLHZ9faldADSb3/7+Akfbc=", "X-Plivo-Signature-V3-Nonce", V3_NONCE)).build(), inbound(V3_TOKEN, ""));
    }

    @Test
    void v3CoversTheFieldsTheQueryAndTheUrl() {
        Headers pass3 = headers("X-Plivo-Signature-V3", "iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=", "X-Plivo-Signature-V3-Nonce", V3_NONCE);
        Map<String, String> changed = v3Params();
        changed.put("From", "19792014279");
        WebhookException e = refused(post(V3_URL, Map.of(), changed).headers(pass3).build(), inbound(V3_TOKEN, ""));
        assertEquals("X-Plivo-Signature-V3 does not match (check auth_secret, and public_url behind a proxy)", e.getMessage());
        refused(post(V3_URL, Map.of("a", "b"), v3Params()).headers(pass3).build(), inbound(V3_TOKEN, ""));
        refused(post(V3_URL + "x", Map.of(), v3Params()).headers(pass3).build(), inbound(V3_TOKEN, ""));
        refused(post(V3_URL, Map.of(), v3Params()).headers(pass3).build(), inbound("another-token", ""));
        refused(post(V3_URL, Map.of(), v3Params()).headers(headers("X-Plivo-Signature-V3", "iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=",
                "X-Plivo-Signature-V3-Nonce", "31627761595286130199")).build(), inbound(V3_TOKEN, ""));
    }

    @Test
    void behindAProxyPublicUrlIsWhatIsSignedAndTheMainAccountHeaderOrAListOfSignaturesAlsoMatch() throws Exception {
        InboundRequest seenByWebsms = post("http://127.0.0.1:8080/validate_signature03.xml", Map.of(), v3Params()).target("/validate_signature03.xml")
                .headers(headers("X-Plivo-Signature-Ma-V3", "bm90IHRoaXMgb25l,iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=",
                        "X-Plivo-Signature-V3-Nonce", V3_NONCE)).build();
        verify(seenByWebsms, inbound(V3_TOKEN, V3_URL));
        refused(seenByWebsms, inbound(V3_TOKEN, ""));
    }

    @Test
    void plivosPublishedV2ExamplesAreAcceptedAndAWrongTokenIsNot() throws Exception {
        // plivo-python and plivo-node: https://answer.url, nonce 12345, token my_auth_token.
        InboundRequest v2 = InboundRequest.builder().publicUrl("https://answer.url").field("MessageUUID", "any")
                .headers(headers("X-Plivo-Signature-V2", "ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=", "X-Plivo-Signature-V2-Nonce", "12345")).build();
        verify(v2, inbound("my_auth_token", ""));
        assertEquals("X-Plivo-Signature-V2 does not match (check auth_secret, and public_url behind a proxy)",
                refused(v2, inbound("my_auth_tokens", "")).getMessage());
        // plivo-node: the port is part of the URL signed.
        InboundRequest withPort = InboundRequest.builder().publicUrl("https://answer.url:8000")
                .headers(headers("X-Plivo-Signature-V2", "LDphWoWimP4QM5AoWI1uwP6WmlWtt5ITPZjXIWYvCNU=", "X-Plivo-Signature-V2-Nonce", "24725744043720739450")).build();
        verify(withPort, inbound("my_auth_token", ""));
        refused(withPort, inbound("my_auth_token", "https://answer.url"));
    }

    @Test
    void v2DoesNotCoverTheFieldsSoRequireV3RefusesACallSignedWithV2Alone() throws Exception {
        Headers v2 = headers("X-Plivo-Signature-V2", "ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=", "X-Plivo-Signature-V2-Nonce", "12345");
        InboundRequest any = InboundRequest.builder().publicUrl("https://answer.url").field("Text", "anything at all").headers(v2).build();
        verify(any, inbound("my_auth_token", "")); // V2's known weakness: the text is not signed
        InterfaceConfig strict = inbound("my_auth_token", "").with("require_v3", "yes");
        assertEquals("signed with X-Plivo-Signature-V2 only, which does not cover the fields, and require_v3 is set", refused(any, strict).getMessage());
    }

    @Test
    void aCallWithoutSignatureOrNonceIsRefusedAndWithoutAuthSecretNothingIsChecked() throws Exception {
        InboundRequest unsigned = post(V3_URL, Map.of(), v3Params()).build();
        assertEquals("no X-Plivo-Signature-V3 or -V2 header with its nonce, and auth_secret is set", refused(unsigned, inbound(V3_TOKEN, "")).getMessage());
        refused(post(V3_URL, Map.of(), v3Params()).headers(headers("X-Plivo-Signature-V3", "iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=")).build(),
                inbound(V3_TOKEN, ""));
        verify(unsigned, inbound("", ""));
    }

    @Test
    void statusCallbacksAreCheckedWithTheSendingInterfacesTokenOverStatusUrl() throws Exception {
        InterfaceConfig outbound = InterfaceConfig.builder(Direction.OUTBOUND).provider("plivo").put("auth_user", "MANWVLYTK4ZWU1YTY4QA")
                .putSecret("auth_secret", V3_TOKEN).put("status_url", V3_URL).put("public_url", "https://elsewhere.example.com/x").build();
        InboundRequest callback = post("http://127.0.0.1:8080/status/plivo", Map.of(), v3Params()).target("/status/plivo")
                .headers(headers("X-Plivo-Signature-V3", "iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=", "X-Plivo-Signature-V3-Nonce", V3_NONCE)).build();
        verify(callback, outbound);
        WebhookException e = refused(callback, outbound.with("status_url", ""));
        assertEquals("X-Plivo-Signature-V3 does not match (check auth_secret, and status_url behind a proxy)", e.getMessage());
    }
}
