package com.example.acme;

import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.JsonView;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The conformance kit, wired for the Acme provider: what every plugin's test suite does. */
class AcmeConformanceTest extends ProviderConformance {

    static final String API_KEY = "acme-api-key-123";
    static final String HOOK_SECRET = "acme-hook-secret";

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("acme")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("acme")
                        .put("url_host", itsp).put("auth_method", "none").putSecret("auth_secret", API_KEY).build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("acme").putSecret("auth_secret", HOOK_SECRET).build())
                .wireFields("to", "from", "text")
                .credentials(request -> request.header("X-Acme-Key").equals(API_KEY))
                .accepted(202, "{\"id\":\"msg-1\",\"state\":\"queued\"}")
                .rejected(400, "{\"error\":\"invalid number\"}")
                .webhook(m -> webhook(m.to(), m.from(), m.body()))
                // Acme's signature has a timestamp: the kit also checks that one older than the tolerance is refused.
                .signer(AcmeConformanceTest::signed, AcmeSignature.TOLERANCE)
                .echo(InboundRequest.builder().method("GET").queryParameter("challenge", "c-77").build(), "c-77")
                .ack(new WebhookReply(200, "application/json", "{\"received\":true}"))
                .build();
    }

    /** The JSON webhook Acme sends, as websms hands it over: raw body, and its members as fields. */
    static InboundRequest webhook(String to, String from, String text) {
        Map<String, JsonView> members = new LinkedHashMap<>();
        members.put("to", JsonView.ofString(to));
        members.put("from", JsonView.ofString(from));
        members.put("text", JsonView.ofString(text));
        String json = JsonView.ofObject(members).toJson(); // escaped as JSON must be, line breaks and all
        return InboundRequest.builder().body(json.getBytes(StandardCharsets.UTF_8))
                .field("to", to).field("from", from).field("text", text).build();
    }

    /** {@code request} as Acme signs it at {@code signedAt}. */
    static InboundRequest signed(InboundRequest request, Instant signedAt) {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        InboundRequest.Builder signed = InboundRequest.builder().body(request.body()).headers(Headers.of(List.of(
                new Headers.Field("X-Acme-Timestamp", timestamp),
                new Headers.Field("X-Acme-Signature", AcmeSignature.sign(HOOK_SECRET, timestamp, request.body())))));
        request.fields().forEach((name, values) -> values.forEach(value -> signed.field(name, value)));
        return signed.build();
    }
}
