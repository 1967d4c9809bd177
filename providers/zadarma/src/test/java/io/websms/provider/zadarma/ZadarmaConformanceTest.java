package io.websms.provider.zadarma;

import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.JsonView;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class ZadarmaConformanceTest extends ProviderConformance {

    private static final String SECRET = "zadarma-api-secret";

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("zadarma")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("zadarma")
                        .put("url_host", itsp).put("url_path", "/v1/sms/send/").put("auth_method", "zadarma")
                        .put("key_to", "number").put("key_from", "caller_id").put("key_body", "message")
                        .put("val_numform", "E164").put("resp_check", "status=success")
                        .put("auth_user", "a1b2c3").putSecret("auth_secret", SECRET).build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("zadarma").put("key_echo", "zd_echo")
                        .put("key_to", "caller_did").put("key_from", "caller_id").put("key_body", "text")
                        .putSecret("auth_secret", SECRET).build())
                .wireFields("number", "caller_id", "message")
                .numberOnWire(n -> n.startsWith("+") ? n.substring(1) : n.startsWith("00") ? n.substring(2) : n)
                .credentials(request -> request.header("Authorization").startsWith("a1b2c3:"))
                .accepted(200, "{\"status\":\"success\",\"messages\":1}")
                .rejected(200, "{\"status\":\"error\",\"message\":\"Wrong number\"}")
                .webhook(m -> InboundRequest.builder().field("event", "SMS").field("result", result(m.to(), m.from(), m.body())).build())
                .signer(ZadarmaConformanceTest::sign)
                .signatureWithoutTimestamp("Zadarma signs the result field only, and sends no message id; "
                        + "dedupe_content (300 s by default here) drops a replayed SMS")
                .echo(InboundRequest.builder().method("GET").queryParameter("zd_echo", "97b1c5").build(), "97b1c5")
                .ack(WebhookReply.text(""))
                .build();
    }

    private static String result(String to, String from, String text) {
        Map<String, JsonView> result = new LinkedHashMap<>();
        result.put("caller_id", JsonView.ofString(from));
        result.put("caller_did", JsonView.ofString(to));
        result.put("text", JsonView.ofString(text));
        return JsonView.ofObject(result).toJson();
    }

    /** Zadarma's documented signature: base64(hex(HMAC-SHA1(secret, result))). */
    private static InboundRequest sign(InboundRequest request) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String hex = HexFormat.of().formatHex(mac.doFinal(request.fields().get("result").get(0).getBytes(StandardCharsets.UTF_8)));
            String signature = Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII));
            InboundRequest.Builder signed = InboundRequest.builder().headers(Headers.of(List.of(new Headers.Field("Signature", signature))));
            request.fields().forEach((k, values) -> values.forEach(v -> signed.field(k, v)));
            return signed.build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
