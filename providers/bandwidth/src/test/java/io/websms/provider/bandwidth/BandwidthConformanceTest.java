package io.websms.provider.bandwidth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kit on Bandwidth. Bandwidth signs nothing: its callbacks carry HTTP Basic credentials, which prove who calls but
 * not what the body says, so the kit's checks of a signature (a body changed after signing must be refused) do not
 * apply; the profile sets no callback credentials, and BandwidthTest checks them.
 */
class BandwidthConformanceTest extends ProviderConformance {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("bandwidth")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("bandwidth")
                        .put("url_host", itsp).put("url_path", "/api/v2/users/{account_id}/messages").put("auth_method", "basic")
                        .put("account_id", "9900000").put("application_id", "93de2206-9669-4e07-948d-329f4b722ee2")
                        .put("auth_user", "api-user").putSecret("auth_secret", "api-password-0123").put("status_path", "/status/bandwidth").build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("bandwidth").build())
                .wireFields("to[0]", "from", "text")
                .numberOnWire(n -> n.startsWith("+") ? n : n.startsWith("00") ? "+" + n.substring(2) : "+" + n)
                .unicodePolicies(false) // Bandwidth picks GSM-7 or UCS-2 itself
                .credentials(request -> request.header("Authorization").startsWith("Basic ") && request.target().equals("/api/v2/users/9900000/messages"))
                .accepted(202, "{\"id\":\"14762070468292kw2fuqty55yp2b2\",\"owner\":\"+12345678901\",\"applicationId\":\"93de2206-9669-4e07-948d-329f4b722ee\","
                        + "\"time\":\"2021-07-21T21:00:45.179Z\",\"segmentCount\":1,\"direction\":\"out\",\"to\":[\"+12345678902\"],\"from\":\"+12345678901\","
                        + "\"text\":\"Hello World\",\"tag\":\"test message\",\"priority\":\"default\"}")
                .rejected(400, "{\"type\":\"request-validation\",\"description\":\"Your request could not be accepted\"}")
                .webhook(m -> callback(event("message-received", "14762070468292kw2fuqty55yp2b2", m.to(), m.from(), m.body())))
                .ack(WebhookReply.noContent())
                .statusCallbacks((id, type) -> callback(event(type, id, "+12345678902", "+12345678901", "")), documentedTypes())
                .build();
    }

    /** One event in the shape of Bandwidth's webhook examples. */
    static ObjectNode event(String type, String id, String to, String from, String text) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", type).put("time", "2016-09-14T18:20:16Z").put("description", type.equals("message-failed") ? "forbidden to country" : "ok")
                .put("to", to);
        if (type.equals("message-failed")) {
            event.put("errorCode", 4432);
        }
        ObjectNode message = event.putObject("message");
        message.put("id", id).put("time", "2016-09-14T18:20:16Z");
        message.putArray("to").add(to);
        message.put("from", from).put("text", text).put("applicationId", "93de2206-9669-4e07-948d-329f4b722ee2")
                .put("owner", type.equals("message-received") ? to : from).put("direction", type.equals("message-received") ? "in" : "out")
                .put("segmentCount", 1);
        return event;
    }

    /** A callback as Bandwidth posts it: a JSON array of events. */
    static InboundRequest callback(ObjectNode... events) {
        ArrayNode array = JSON.createArrayNode();
        for (ObjectNode event : events) {
            array.add(event);
        }
        return InboundRequest.builder().path("/sms/bandwidth").target("/sms/bandwidth")
                .headers(Headers.of(List.of(new Headers.Field("Content-Type", "application/json; charset=utf-8"), new Headers.Field("User-Agent", "BandwidthAPI/v2"))))
                .body(array.toString().getBytes(StandardCharsets.UTF_8)).build();
    }

    /** Bandwidth's outbound event types (its Webhooks page) and what they mean to websms. */
    private static Map<String, DeliveryStatus> documentedTypes() {
        Map<String, DeliveryStatus> types = new LinkedHashMap<>();
        types.put("message-sending", DeliveryStatus.QUEUED);
        types.put("message-delivered", DeliveryStatus.DELIVERED);
        types.put("message-failed", DeliveryStatus.FAILED); // errorCode 4432: Bandwidth's own rejection (forbidden to country)
        return types;
    }
}
