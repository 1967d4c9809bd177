package io.websms.provider.elks46;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kit, with 46elks's request, reply, webhook and delivery report as its documentation shows them
 * (https://46elks.com/docs/send-sms, https://46elks.com/docs/receive-sms, https://46elks.com/docs/sms-delivery-reports).
 * 46elks signs nothing, so neither is signed here; the secret in the URL is tested in {@link Elks46Test}.
 */
class Elks46ConformanceTest extends ProviderConformance {

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("46elks")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("46elks")
                        .put("url_host", itsp).put("url_path", "/a1/sms").put("auth_method", "basic")
                        .put("auth_user", "u2c11ef65b429a8e16ccb1f960d02c734").putSecret("auth_secret", "C0ACCEEC0FAFE879189DD5D57F6EC348")
                        .put("status_url", "https://pbx.example.com/status/46elks").build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("46elks").build())
                .wireFields("to", "from", "message")
                .numberOnWire(n -> n.startsWith("+") ? n : n.startsWith("00") ? "+" + n.substring(2) : "+" + n)
                .credentials(request -> request.header("Authorization").startsWith("Basic "))
                // 46elks encodes and splits texts itself: val_unicode does not apply.
                .unicodePolicies(false)
                .accepted(200, Elks46Test.SEND_REPLY)
                .rejected(400, "Invalid to number")
                .webhook(m -> InboundRequest.builder().field("direction", "incoming").field("id", "sf8425555e5d8db61dda7a7b3f1b91bdb")
                        .field("from", m.from()).field("to", m.to()).field("created", "2018-07-13T13:57:23.741000").field("message", m.body()).build())
                .ack(WebhookReply.noContent())
                .statusCallbacks(Elks46ConformanceTest::deliveryReport, documentedStatuses())
                .build();
    }

    /** 46elks's delivery report: id, status and, once delivered, the time in UTC. */
    private static InboundRequest deliveryReport(String id, String status) {
        InboundRequest.Builder report = InboundRequest.builder().field("id", id).field("status", status);
        return status.equals("delivered") ? report.field("delivered", "2018-07-13T13:57:30.024000").build() : report.build();
    }

    /** The statuses 46elks's delivery-report page lists, and what each means to websms. */
    private static Map<String, DeliveryStatus> documentedStatuses() {
        Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
        statuses.put("sent", DeliveryStatus.SENT);
        statuses.put("delivered", DeliveryStatus.DELIVERED);
        statuses.put("failed", DeliveryStatus.UNDELIVERED);
        return statuses;
    }
}
