package io.websms.provider.vonage;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kit, with Vonage's documented calls: the SMS API's replies (https://developer.vonage.com/en/api/sms and
 * https://developer.vonage.com/en/messaging/sms/guides/troubleshooting-sms), the inbound SMS
 * (https://developer.vonage.com/en/messaging/sms/guides/inbound-sms) and the delivery receipt
 * (https://developer.vonage.com/en/messaging/sms/guides/delivery-receipts), signed with sig as Vonage signs them
 * (https://developer.vonage.com/en/getting-started/concepts/signing-messages), here with SHA-256 HMAC.
 */
class VonageConformanceTest extends ProviderConformance {

    private static final String API_KEY = "abcd1234";
    private static final String API_SECRET = "vonage-api-secret";
    private static final String SIGNATURE_SECRET = "vonage-signature-secret-0123";

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("vonage")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("vonage")
                        .put("url_host", itsp).put("url_path", "/sms/json").put("auth_user", API_KEY).putSecret("auth_secret", API_SECRET)
                        .put("status_url", "https://pbx.example.com/status/vonage")
                        .putSecret("signature_secret", SIGNATURE_SECRET).put("signature_method", "sha256").build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("vonage")
                        .putSecret("signature_secret", SIGNATURE_SECRET).put("signature_method", "sha256").build())
                .wireFields("to", "from", "text")
                .numberOnWire(n -> n.startsWith("+") ? n.substring(1) : n.startsWith("00") ? n.substring(2) : n)
                .unicodePolicies(false) // Vonage's own: type=unicode when the text needs it
                .credentials(request -> API_KEY.equals(request.fields().get("api_key")) && API_SECRET.equals(request.fields().get("api_secret")))
                .accepted(200, "{\"message-count\":\"1\",\"messages\":[{\"to\":\"447700900000\",\"message-id\":\"0A0000000123ABCD1\","
                        + "\"status\":\"0\",\"remaining-balance\":\"3.14159265\",\"message-price\":\"0.03330000\",\"network\":\"12345\"}]}")
                .rejected(200, "{\"message-count\":\"1\",\"messages\":[{\"status\":\"2\",\"error-text\":\"Missing to param\"}]}")
                .webhook(m -> InboundRequest.builder().field("msisdn", m.from()).field("to", m.to())
                        .field("messageId", "0A0000001234567B").field("text", m.body()).field("type", "text").field("keyword", "HELLO")
                        .field("api-key", API_KEY).field("message-timestamp", "2020-01-01 12:00:00").build())
                .signer(VonageConformanceTest::sign, VonageSignatureVerifier.TOLERANCE)
                .ack(new WebhookReply(200, "text/plain; charset=utf-8", ""))
                .statusCallbacks(VonageConformanceTest::receipt, documentedStatuses())
                .statusSigner(request -> sign(request, Instant.now()))
                .build();
    }

    /** A delivery receipt as Vonage posts it, with the fields of its reference. */
    private static InboundRequest receipt(String messageId, String status) {
        return InboundRequest.builder().field("msisdn", "447700900000").field("to", "AcmeInc").field("network-code", "12345")
                .field("messageId", messageId).field("price", "0.03330000").field("status", status).field("scts", "2001011400")
                .field("err-code", "0").field("api-key", API_KEY).field("message-timestamp", "2020-01-01 12:00:00").build();
    }

    /** Vonage's DLR statuses and what each means to websms ("unknown" means none: the kit's unknown word covers it). */
    private static Map<String, DeliveryStatus> documentedStatuses() {
        Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
        statuses.put("accepted", DeliveryStatus.SENT);
        statuses.put("buffered", DeliveryStatus.SENT);
        statuses.put("delivered", DeliveryStatus.DELIVERED);
        statuses.put("expired", DeliveryStatus.EXPIRED);
        statuses.put("failed", DeliveryStatus.UNDELIVERED);
        statuses.put("rejected", DeliveryStatus.REJECTED);
        return statuses;
    }

    /**
     * Signs as Vonage does at {@code signedAt}: timestamp and nonce added, then sig = hex(HMAC-SHA256(secret, "&name=value" for each
     * parameter sorted by name, & and = in them replaced by _)).
     */
    static InboundRequest sign(InboundRequest request, Instant signedAt) {
        try {
            Map<String, String> parameters = new TreeMap<>();
            request.fields().forEach((name, values) -> parameters.put(name, values.get(0)));
            parameters.put("timestamp", Long.toString(signedAt.getEpochSecond()));
            parameters.put("nonce", "5b2a5f0c-7f6e-4f3a-9c1d-2e8b4a6d9f10");
            StringBuilder text = new StringBuilder();
            parameters.forEach((name, value) -> {
                if (!value.isBlank()) {
                    text.append('&').append(name.replaceAll("[&=]", "_")).append('=').append(value.replaceAll("[&=]", "_"));
                }
            });
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SIGNATURE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            parameters.put("sig", HexFormat.of().formatHex(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8))));
            InboundRequest.Builder signed = InboundRequest.builder().publicUrl(request.publicUrl());
            parameters.forEach(signed::field);
            return signed.build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
