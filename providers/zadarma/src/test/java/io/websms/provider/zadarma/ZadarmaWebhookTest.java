package io.websms.provider.zadarma;

import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.Provider;
import io.websms.api.WebhookException;
import io.websms.api.WebhookReply;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZadarmaWebhookTest {

    private static final String RESULT = "{\"caller_id\":\"+79991234567\",\"caller_did\":\"+74951234567\",\"text\":\"Привет ~*+ 😀\"}";

    private final Provider provider = new ZadarmaProvider();

    private static InterfaceConfig config(String secret) {
        return InterfaceConfig.builder(Direction.INBOUND).provider("zadarma").put("key_echo", "zd_echo")
                .put("key_to", "caller_did").put("key_from", "caller_id").put("key_body", "text").putSecret("auth_secret", secret).build();
    }

    /** Zadarma's documented check: base64_encode(hash_hmac('sha1', $_POST['result'], API_SECRET)), hex digest. */
    private static String signature(String secret, String result) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(HexFormat.of().formatHex(mac.doFinal(result.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII));
    }

    private static InboundRequest sms(String signatureHeader) {
        InboundRequest.Builder request = InboundRequest.builder().field("event", "SMS").field("result", RESULT);
        if (signatureHeader != null) {
            request.headers(Headers.of(List.of(new Headers.Field("Signature", signatureHeader))));
        }
        return request.build();
    }

    @Test
    void aValidSignatureIsAcceptedAndTheResultFieldIsRead() throws Exception {
        InterfaceConfig config = config("SECRET");
        InboundRequest request = sms(signature("SECRET", RESULT));
        provider.signatureVerifier(config).verify(request, config);
        assertEquals(Message.of("+74951234567", "+79991234567", "Привет ~*+ 😀"), provider.webhookParser(config).parse(request, config));
    }

    @Test
    void aForgedOrMissingSignatureIsRefused() throws Exception {
        InterfaceConfig config = config("SECRET");
        WebhookException forged = assertThrows(WebhookException.class,
                () -> provider.signatureVerifier(config).verify(sms(signature("OTHER", RESULT)), config));
        assertEquals(403, forged.status());
        assertEquals("the Signature header does not match the result field signed with auth_secret", forged.getMessage());
        WebhookException missing = assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(sms(null), config));
        assertEquals("no Signature header, and auth_secret is set", missing.getMessage());
    }

    /** A signed request with what an attacker added: only the signed result is read. */
    private static InboundRequest.Builder signedSms() throws Exception {
        return InboundRequest.builder().field("event", "SMS").field("result", RESULT)
                .headers(Headers.of(List.of(new Headers.Field("Signature", signature("SECRET", RESULT)))));
    }

    @Test
    void fieldsBesideTheSignedResultAreIgnored() throws Exception {
        InterfaceConfig config = config("SECRET");
        InboundRequest request = signedSms().field("caller_did", "+19995550000").field("caller_id", "+18005551234")
                .field("text", "spoofed").queryParameter("caller_did", "+19995550001").build();
        provider.signatureVerifier(config).verify(request, config);
        assertEquals(Message.of("+74951234567", "+79991234567", "Привет ~*+ 😀"), provider.webhookParser(config).parse(request, config));
    }

    @Test
    void aSecondResultInTheBodyOrTheQueryIsRefused() throws Exception {
        InterfaceConfig config = config("SECRET");
        String forged = "{\"caller_id\":\"+18005551234\",\"caller_did\":\"+19995550000\",\"text\":\"spoofed\"}";
        for (InboundRequest request : List.of(signedSms().field("result", forged).build(), signedSms().queryParameter("result", forged).build())) {
            WebhookException verify = assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(request, config));
            assertEquals(400, verify.status());
            assertEquals("result: given 2 times; Zadarma sends it once and signs that one, so this request is refused", verify.getMessage());
            WebhookException parse = assertThrows(WebhookException.class, () -> provider.webhookParser(config).parse(request, config));
            assertEquals(verify.getMessage(), parse.getMessage());
        }
        InboundRequest inQueryOnly = InboundRequest.builder().queryParameter("result", RESULT)
                .headers(Headers.of(List.of(new Headers.Field("Signature", signature("SECRET", RESULT))))).build();
        assertEquals("result: in the query string; Zadarma posts it in the body",
                assertThrows(WebhookException.class, () -> provider.signatureVerifier(config).verify(inQueryOnly, config)).getMessage());
    }

    @Test
    void theTextIsTakenExactlyAsSentEvenWhenItIsJson() throws Exception {
        InterfaceConfig config = config("");
        String text = "{\"caller_did\":\"+19995550000\",\"text\":\"inner\"}";
        String result = "{\"caller_id\":\"+79991234567\",\"caller_did\":\"+74951234567\",\"text\":"
                + io.websms.api.JsonView.ofString(text).toJson() + "}";
        InboundRequest request = InboundRequest.builder().field("event", "SMS").field("result", result).build();
        assertEquals(Message.of("+74951234567", "+79991234567", text), provider.webhookParser(config).parse(request, config));
        InboundRequest twice = InboundRequest.builder().field("result",
                "{\"caller_id\":\"+79991234567\",\"caller_did\":\"+74951234567\",\"caller_did\":\"+19995550000\"}").build();
        assertEquals("result: not valid JSON: the member 'caller_did' is given twice in one object, and which one was meant cannot be told (line 1, column 57)",
                assertThrows(WebhookException.class, () -> provider.webhookParser(config).parse(twice, config)).getMessage());
    }

    @Test
    void withoutASecretNothingIsChecked() throws Exception {
        InterfaceConfig config = config("");
        provider.signatureVerifier(config).verify(sms(null), config);
    }

    @Test
    void theEchoHandshakeIsAnsweredWithItsValue() {
        InterfaceConfig config = config("SECRET");
        InboundRequest echo = InboundRequest.builder().method("GET").queryParameter("zd_echo", "f6bb2d4e").build();
        assertEquals(Optional.of(WebhookReply.text("f6bb2d4e")), provider.echoHandler(config).echo(echo, config));
        assertEquals(Optional.empty(), provider.echoHandler(config).echo(sms(null), config));
    }
}
