package io.websms.provider.generic;

import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.WebhookException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An ITSP without a plugin, served from websms.conf alone: JSON paths, GET, and the signed contract. */
class GenericWithoutCodeTest {

    /** The shape of Telnyx's message webhook (API v2): the numbers deep inside, the recipient in a list. */
    private static final String TELNYX_LIKE = """
            {"data":{"event_type":"message.received","id":"b301ed3f","payload":{
              "from":{"phone_number":"+13125550001"},
              "to":[{"phone_number":"+17735550002","status":"webhook_delivered"}],
              "text":"Hello; # & % + \\" from deep JSON 😀"}}}""";

    private static InboundRequest json(String body) {
        return InboundRequest.builder().headers(Headers.of(List.of(new Headers.Field("Content-Type", "application/json"))))
                .body(body.getBytes(StandardCharsets.UTF_8)).field("data", body.substring(body.indexOf(':') + 1, body.length() - 1)).build();
    }

    private static Headers signed(String signature) {
        return Headers.of(List.of(new Headers.Field("X-Signature-256", signature)));
    }

    @Test
    void jsonPathsReadTheFieldsOfANestedPayload() throws Exception {
        InterfaceConfig config = InterfaceConfig.builder(Direction.INBOUND).put("key_to", "data.payload.to[0].phone_number")
                .put("key_from", "data.payload.from.phone_number").put("key_body", "data.payload.text").build();
        Message message = new GenericWebhookParser().parse(json(TELNYX_LIKE), config);
        assertEquals("+17735550002", message.to());
        assertEquals("+13125550001", message.from());
        assertEquals("Hello; # & % + \" from deep JSON 😀", message.body());
    }

    @Test
    void aPathThatLeadsNowhereIsTheMissingFieldsError() {
        InterfaceConfig config = InterfaceConfig.builder(Direction.INBOUND).put("key_to", "data.payload.to[5].phone_number")
                .put("key_from", "data.payload.from.phone_number").put("key_body", "data.payload.text").build();
        WebhookException e = assertThrows(WebhookException.class, () -> new GenericWebhookParser().parse(json(TELNYX_LIKE), config));
        assertEquals(400, e.status());
    }

    @Test
    void getSendsTheFieldsAsTheRequestsMethod() throws Exception {
        InterfaceConfig config = InterfaceConfig.builder(Direction.OUTBOUND).put("url_host", "https://api.example.com").put("url_path", "/sms")
                .put("key_to", "dst").put("key_from", "src").put("key_body", "msg").put("url_method", "GET").build();
        OutboundRequest request = new GenericRequestMapper().map(Message.of("+12025550183", "+15017122661", "hi"), config);
        assertEquals("GET", request.method());
        assertEquals("hi", request.fields().get("msg"));
    }

    @Test
    void theSignedContractTakesOnlyTheBodySignedWithTheSharedSecret() throws Exception {
        InterfaceConfig config = InterfaceConfig.builder(Direction.INBOUND).putSecret("auth_secret", "shared-s3cret").build();
        byte[] body = "To=%2B1&From=%2B2&Body=hi".getBytes(StandardCharsets.UTF_8);
        // openssl dgst -sha256 -hmac shared-s3cret over the body: computed independently with the JDK's Mac below.
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("shared-s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        ContractSignature verifier = new ContractSignature();
        verifier.verify(InboundRequest.builder().body(body).headers(signed(signature)).build(), config);
        WebhookException unsigned = assertThrows(WebhookException.class, () -> verifier.verify(InboundRequest.builder().body(body).build(), config));
        assertEquals(403, unsigned.status());
        byte[] tampered = "To=%2B1&From=%2B2&Body=HI".getBytes(StandardCharsets.UTF_8);
        assertEquals(403, assertThrows(WebhookException.class,
                () -> verifier.verify(InboundRequest.builder().body(tampered).headers(signed(signature)).build(), config)).status());
        verifier.verify(InboundRequest.builder().body(body).build(), InterfaceConfig.builder(Direction.INBOUND).build());
    }
}
