package io.websms.provider.flowroute;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

class FlowrouteConformanceTest extends ProviderConformance {

    private static final String SECRET_KEY = "flowroute-api-secret-key";
    private static final String WEBHOOK_SECRET = "sms-callback-url-secret";
    private static final String STATUS_SECRET = "dlr-callback-url-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("flowroute")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("flowroute")
                        .put("url_host", itsp).put("url_path", "/v2.1/messages").put("auth_method", "basic")
                        .put("auth_user", "12345678").putSecret("auth_secret", SECRET_KEY)
                        .put("status_url", "https://pbx.example.com/status/flowroute").putSecret("status_secret", STATUS_SECRET).build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("flowroute").putSecret("auth_secret", WEBHOOK_SECRET).build())
                .wireFields("data.attributes.to", "data.attributes.from", "data.attributes.body")
                .numberOnWire(n -> n.startsWith("+") ? n.substring(1) : n.startsWith("00") ? n.substring(2) : n)
                // Flowroute picks the encoding itself (GSM-7 or UCS-2, its message_encoding): no val_unicode policy to apply.
                .unicodePolicies(false)
                .credentials(request -> request.header("Authorization").startsWith("Basic ")
                        && request.header("Content-Type").equals("application/vnd.api+json"))
                .accepted(202, FlowrouteExamples.SEND_REPLY)
                .rejected(422, FlowrouteExamples.MEDIA_TOO_LARGE)
                .webhook(FlowrouteConformanceTest::smsCallback)
                .signer(request -> withSecret(request, WEBHOOK_SECRET))
                .signatureWithoutTimestamp("Flowroute signs nothing; the secret in the URL carries no time. websms drops a "
                        + "replayed message by its MDR id for dedupe_window seconds")
                .ack(WebhookReply.text(""))
                .statusCallbacks(FlowrouteConformanceTest::deliveryReceipt, documentedStatuses())
                .statusSigner(request -> withSecret(request, STATUS_SECRET))
                .build();
    }

    /** Flowroute's v2.1 SMS callback for {@code m}, as its "receive an SMS" reference describes it. */
    private static InboundRequest smsCallback(Message m) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("id", "mdr2-ca82be46e6ba11e79d08862d092cf73d").put("type", "message");
        data.putObject("attributes").put("amount_display", "$0.0040").put("amount_nanodollars", 4000000).put("body", m.body())
                .put("direction", "inbound").put("from", m.from()).put("is_mms", false).put("message_encoding", 0)
                .put("message_type", "longcode").put("status", "delivered").put("timestamp", "2017-12-22T01:52:39.39Z").put("to", m.to())
                .putArray("delivery_receipts");
        return json("/sms/flowroute", root);
    }

    /** A delivery receipt as Flowroute posts it to a message's dlr_callback. */
    private static InboundRequest deliveryReceipt(String mdr, String status) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.putObject("attributes").put("body", "").put("level", 2).put("status", status).put("status_code", 1003)
                .put("status_code_description", "Message accepted by Carrier").put("timestamp", "2017-12-21T16:44:35+00:00");
        data.put("id", mdr).put("type", "delivery_receipt");
        data.putObject("links").put("related", "https://api.flowroute.com/v2.1/messages/" + mdr);
        return json("/status/flowroute", root);
    }

    private static InboundRequest json(String path, ObjectNode body) {
        try {
            return InboundRequest.builder().path(path).target(path).publicUrl("https://pbx.example.com" + path)
                    .headers(Headers.of(List.of(new Headers.Field("Content-Type", "application/json"))))
                    .body(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request as Flowroute makes it to a URL that carries {@code ?secret=…}: the same, with the query. */
    static InboundRequest withSecret(InboundRequest request, String secret) {
        InboundRequest.Builder signed = InboundRequest.builder().method(request.method()).path(request.path())
                .target(request.path() + "?secret=" + secret).publicUrl(request.publicUrl() + "?secret=" + secret)
                .headers(request.headers()).clientAddress(request.clientAddress()).body(request.body());
        request.query().forEach((k, values) -> values.forEach(v -> signed.queryParameter(k, v)));
        signed.queryParameter("secret", secret);
        request.fields().forEach((k, values) -> values.forEach(v -> signed.field(k, v)));
        return signed.build();
    }

    private static Map<String, DeliveryStatus> documentedStatuses() {
        Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
        statuses.put("smsc submit", DeliveryStatus.SENT);
        statuses.put("message buffered", DeliveryStatus.SENT);
        statuses.put("delivered", DeliveryStatus.DELIVERED);
        statuses.put("delivery success", DeliveryStatus.DELIVERED);
        statuses.put("delivery failure", DeliveryStatus.UNDELIVERED);
        statuses.put("smsc reject", DeliveryStatus.REJECTED);
        statuses.put("smsc intermediate notifications", DeliveryStatus.SENT);
        return statuses;
    }
}
