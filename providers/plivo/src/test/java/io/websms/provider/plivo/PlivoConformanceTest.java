package io.websms.provider.plivo;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kit, with Plivo's documented calls: the Send Message reply (202 with message_uuid and api_id, as in
 * http://plivo.com/docs/api/message/ and https://docs.plivo.com/docs/messaging/api/message/send-a-message), the
 * incoming message (https://plivo.com/docs/messaging/api/message/handling-incoming) and the status callback
 * (https://plivo.com/docs/messaging/api/message/message-status-callbacks), signed with X-Plivo-Signature-V3 as
 * Plivo's SDKs compute it (plivo-python's plivo/utils/signature_v3.py).
 */
class PlivoConformanceTest extends ProviderConformance {

    private static final String AUTH_ID = "MAXXXXXXXXXXXXXXXXXX";
    private static final String TOKEN = "plivo-auth-token-0123456789";
    private static final String URL = "https://pbx.example.com/sms/plivo";
    private static final String STATUS_URL = "https://pbx.example.com/status/plivo";

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("plivo")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("plivo")
                        .put("url_host", itsp).put("url_path", "/v1/Account/{auth_user}/Message/")
                        .put("auth_user", AUTH_ID).putSecret("auth_secret", TOKEN).put("status_url", STATUS_URL).build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("plivo").put("resp_ack", "<Response></Response>")
                        .putSecret("auth_secret", TOKEN).put("public_url", URL).build())
                .wireFields("dst", "src", "text")
                .numberOnWire(n -> n.startsWith("+") ? n.substring(1) : n.startsWith("00") ? n.substring(2) : n)
                .unicodePolicies(false) // Plivo encodes (GSM-7 or UCS-2) and splits texts itself
                .credentials(request -> request.header("Authorization").startsWith("Basic ")
                        && request.target().equals("/v1/Account/" + AUTH_ID + "/Message/"))
                .accepted(202, "{\"message\":\"message(s) queued\",\"message_uuid\":[\"db3ce55a-7f1d-11e1-8ea7-1231380bc196\"],"
                        + "\"api_id\":\"db342550-7f1d-11e1-8ea7-1231380bc196\"}")
                .rejected(400, "{\"api_id\":\"f0b9a2a0-1d2c-11ee-9a0c-0242ac110002\",\"error\":\"dst parameter not valid\"}")
                .webhook(m -> InboundRequest.builder().publicUrl("http://127.0.0.1:8080/sms/plivo").target("/sms/plivo")
                        .field("From", m.from()).field("To", m.to()).field("Type", "sms").field("Text", m.body())
                        .field("MessageUUID", "16ab2e7e-6bc2-11ee-a7a4-0242ac110004").field("Units", "1")
                        .field("TotalRate", "0.00000").field("TotalAmount", "0.00000").build())
                .signer(request -> sign(URL, request))
                .signatureWithoutTimestamp("Plivo signs a random nonce, no time; websms drops a replayed message by its MessageUUID within dedupe_window")
                .ack(new WebhookReply(200, "text/xml; charset=utf-8", "<Response></Response>"))
                .statusCallbacks(PlivoConformanceTest::statusCallback, documentedStatuses())
                .statusSigner(request -> sign(STATUS_URL, request))
                .build();
    }

    /** Plivo's status callback for an SMS, with the attributes its page lists. */
    private static InboundRequest statusCallback(String uuid, String status) {
        return InboundRequest.builder().publicUrl("http://127.0.0.1:8080/status/plivo").target("/status/plivo")
                .field("From", "14155551234").field("To", "14155556789").field("Type", "sms").field("Status", status)
                .field("MessageUUID", uuid).field("ParentMessageUUID", uuid).field("Units", "1").field("TotalRate", "0.00500")
                .field("TotalAmount", "0.00500").field("MCC", "310").field("MNC", "410").field("Sequence", "2")
                .field("MessageTime", "2026-11-02 10:15:30.123456").build();
    }

    /** Plivo's list of message statuses, and what each means to websms. */
    private static Map<String, DeliveryStatus> documentedStatuses() {
        Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
        statuses.put("queued", DeliveryStatus.QUEUED);
        statuses.put("sent", DeliveryStatus.SENT);
        statuses.put("delivered", DeliveryStatus.DELIVERED);
        statuses.put("undelivered", DeliveryStatus.UNDELIVERED);
        statuses.put("failed", DeliveryStatus.FAILED);
        statuses.put("rejected", DeliveryStatus.REJECTED);
        statuses.put("read", DeliveryStatus.DELIVERED);
        return statuses;
    }

    /**
     * Signs a form POST without a query as Plivo's SDKs check it: base64(HMAC-SHA256(token, url + "?" + each field's
     * name and value sorted by name + "." + nonce)), in X-Plivo-Signature-V3 with its nonce.
     */
    static InboundRequest sign(String url, InboundRequest request) {
        try {
            String nonce = "31627761595286130198";
            StringBuilder data = new StringBuilder(url).append('?');
            new TreeMap<>(request.fields()).forEach((name, values) -> values.forEach(v -> data.append(name).append(v)));
            data.append('.').append(nonce);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
            InboundRequest.Builder signed = InboundRequest.builder().publicUrl(request.publicUrl()).target(request.target())
                    .headers(Headers.of(List.of(new Headers.Field("X-Plivo-Signature-V3", signature),
                            new Headers.Field("X-Plivo-Signature-V3-Nonce", nonce))));
            request.fields().forEach((k, values) -> values.forEach(v -> signed.field(k, v)));
            return signed.build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
