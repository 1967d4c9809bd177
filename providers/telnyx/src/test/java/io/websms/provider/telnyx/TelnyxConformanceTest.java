package io.websms.provider.telnyx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import java.util.LinkedHashMap;
import java.util.Map;

class TelnyxConformanceTest extends ProviderConformance {

    private static final String API_KEY = "KEY0123456789ABCDEF_telnyx-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TelnyxSigner signer = new TelnyxSigner();

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("telnyx")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("telnyx")
                        .put("url_host", itsp).put("url_path", "/v2/messages").putSecret("auth_secret", API_KEY)
                        .put("status_url", "https://pbx.example.com/status/telnyx").put("status_path", "/status/telnyx")
                        .put("public_key", signer.publicKey()).build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("telnyx").put("public_key", signer.publicKey()).build())
                .wireFields("to", "from", "text")
                .numberOnWire(n -> n.startsWith("+") ? n : n.startsWith("00") ? "+" + n.substring(2) : "+" + n)
                .unicodePolicies(false) // Telnyx picks GSM-7 or UCS-2 itself
                .credentials(request -> request.header("Authorization").equals("Bearer " + API_KEY))
                .accepted(200, "{\"data\":{\"record_type\":\"message\",\"direction\":\"outbound\",\"id\":\"40385f64-5717-4562-b3fc-2c963f66afa6\","
                        + "\"to\":[{\"phone_number\":\"+18665550001\",\"status\":\"queued\"}],\"text\":\"Hello, World!\"}}")
                .rejected(422, "{\"errors\":[{\"code\":\"10016\",\"title\":\"Phone number must be in +E.164 format\","
                        + "\"detail\":\"The specified phone number parameter must be in +E.164 format.\"}]}")
                .webhook(m -> TelnyxSigner.event(received(m.to(), m.from(), m.body())))
                .signer((request, signedAt) -> signer.sign(request, signedAt), java.time.Duration.ofMinutes(5))
                .ack(WebhookReply.text(""))
                .statusCallbacks((id, status) -> TelnyxSigner.event(delivery(id, status)), documentedStatuses())
                .statusSigner(signer::sign)
                .build();
    }

    /** A message.received event in the shape of Telnyx's "Inbound Message" webhook reference. */
    private static String received(String to, String from, String text) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("event_type", "message.received").put("id", "bf6307bd-884d-4c1f-b6ea-c62b8c495d3c").put("record_type", "event");
        ObjectNode payload = data.putObject("payload");
        payload.put("direction", "inbound").put("id", "7ee4241c-f127-47e5-9c34-3aac291f8058").put("text", text).put("type", "SMS");
        payload.putObject("from").put("phone_number", from);
        payload.putArray("to").addObject().put("phone_number", to).put("status", "webhook_delivered");
        payload.putArray("media");
        return root.toString();
    }

    /** A message.finalized event in the shape of Telnyx's "Delivery Update" webhook reference. */
    private static String delivery(String id, String status) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("event_type", "message.finalized").put("id", "4ee8c3a6-4995-4309-a3c6-38e3db9ea4be")
                .put("occurred_at", "2019-12-09T21:32:14.148+00:00").put("record_type", "event");
        ObjectNode payload = data.putObject("payload");
        payload.put("direction", "outbound").put("id", id).put("text", "Hello, World!");
        payload.putObject("from").put("phone_number", "+18445550001");
        payload.putArray("to").addObject().put("phone_number", "+18665550001").put("status", status);
        payload.putArray("errors");
        return root.toString();
    }

    /** Telnyx's outbound statuses (its Message Detail Records page) and what they mean to websms. */
    private static Map<String, DeliveryStatus> documentedStatuses() {
        Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
        statuses.put("queued", DeliveryStatus.QUEUED);
        statuses.put("sending", DeliveryStatus.QUEUED);
        statuses.put("sent", DeliveryStatus.SENT);
        statuses.put("delivered", DeliveryStatus.DELIVERED);
        statuses.put("delivery_failed", DeliveryStatus.UNDELIVERED);
        statuses.put("sending_failed", DeliveryStatus.FAILED);
        statuses.put("delivery_unconfirmed", DeliveryStatus.SENT);
        statuses.put("expired", DeliveryStatus.EXPIRED);
        return statuses;
    }
}
