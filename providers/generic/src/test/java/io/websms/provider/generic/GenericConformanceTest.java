package io.websms.provider.generic;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SendResult;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

class GenericConformanceTest extends ProviderConformance {

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("generic")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND)
                        .put("url_host", itsp).put("url_path", "/sms/send").put("auth_method", "basic")
                        .put("auth_user", "user").putSecret("auth_secret", "s3cret-pass")
                        .put("key_to", "To").put("key_from", "From").put("key_body", "Body").build())
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
                .build();
    }
}
