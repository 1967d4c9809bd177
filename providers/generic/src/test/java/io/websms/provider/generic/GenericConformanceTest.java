package io.websms.provider.generic;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SendResult;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

class GenericConformanceTest extends ProviderConformance {

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("generic")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND)
                        .put("url_host", itsp).put("url_path", "/sms/send").put("auth_method", "basic")
                        .put("auth_user", "user").putSecret("auth_secret", "s3cret-pass")
                        .put("key_to", "To").put("key_from", "From").put("key_body", "Body")
                        .put("status_path", "/status").put("status_key_id", "message_id").put("status_key_status", "status")
                        .put("status_key_error_code", "error_code").put("status_accepted", "accepted").put("status_queued", "queued,ENROUTE")
                        .put("status_sent", "sent").put("status_delivered", "delivered,DELIVRD").put("status_undelivered", "undelivered,UNDELIV")
                        .put("status_failed", "failed").put("status_rejected", "REJECTD").put("status_expired", "EXPIRED").build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND)
                        .put("key_to", "To").put("key_from", "From").put("key_body", "Body").put("key_echo", "zd_echo").build())
                .wireFields("To", "From", "Body")
                .credentials(request -> request.header("Authorization").startsWith("Basic "))
                .accepted(200, "{\"status\":\"queued\"}")
                .rejected(400, "{\"message\":\"Invalid number\"}")
                .malformedReply(SendResult.Outcome.SENT) // without resp_check, any 2xx is success, as the keys say
                .webhook(m -> InboundRequest.builder().field("To", m.to()).field("From", m.from()).field("Body", m.body()).build())
                .echo(InboundRequest.builder().method("GET").queryParameter("zd_echo", "a1b2").build(), "a1b2")
                .ack(WebhookReply.text(""))
                .statusCallbacks(GenericConformanceTest::statusCallback, documentedStatuses())
                .build();
    }

    /** A JSON status callback as websms hands it over: the raw body, and its members as fields. */
    private static InboundRequest statusCallback(String id, String status) {
        String json = "{\"message_id\":\"" + id + "\",\"status\":\"" + status + "\",\"error_code\":\"\"}";
        return InboundRequest.builder().body(json.getBytes(StandardCharsets.UTF_8))
                .field("message_id", id).field("status", status).field("error_code", "").build();
    }

    /** The words the configuration above lists, as an ITSP with SMPP-style receipts would send them. */
    private static Map<String, DeliveryStatus> documentedStatuses() {
        Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
        statuses.put("accepted", DeliveryStatus.ACCEPTED);
        statuses.put("ENROUTE", DeliveryStatus.QUEUED);
        statuses.put("sent", DeliveryStatus.SENT);
        statuses.put("DELIVRD", DeliveryStatus.DELIVERED);
        statuses.put("delivered", DeliveryStatus.DELIVERED);
        statuses.put("UNDELIV", DeliveryStatus.UNDELIVERED);
        statuses.put("failed", DeliveryStatus.FAILED);
        statuses.put("REJECTD", DeliveryStatus.REJECTED);
        statuses.put("EXPIRED", DeliveryStatus.EXPIRED);
        return statuses;
    }
}
