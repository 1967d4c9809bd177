package io.websms.provider.twiliolike;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

class SignalWireConformanceTest extends ProviderConformance {

    private static final String PROJECT = "a1b2c3d4-0000-4e5f-8a9b-0123456789ab";
    private static final String API_TOKEN = "PT0123456789abcdef0123456789abcdef";
    private static final String SIGNING_KEY = "PSK_0123456789abcdef0123456789ab";
    private static final String URL = "https://pbx.example.com/sms/signalwire";
    private static final String STATUS_URL = "https://pbx.example.com/status/signalwire";

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("signalwire")
                // url_host points at the fake ITSP; space_url is what a real configuration sets instead.
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("signalwire").put("space_url", "example.signalwire.com")
                        .put("url_host", itsp).put("url_path", "/api/laml/2010-04-01/Accounts/{auth_user}/Messages.json").put("auth_method", "basic")
                        .put("key_to", "To").put("key_from", "From").put("key_body", "Body")
                        .put("auth_user", PROJECT).putSecret("auth_secret", API_TOKEN).put("status_url", STATUS_URL)
                        .putSecret("signing_key", SIGNING_KEY).build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("signalwire")
                        .put("key_to", "To").put("key_from", "From").put("key_body", "Body").put("resp_ack", "<Response></Response>")
                        .putSecret("auth_secret", SIGNING_KEY).put("public_url", URL).build())
                .wireFields("To", "From", "Body")
                .numberOnWire(n -> n.startsWith("+") ? n : n.startsWith("00") ? "+" + n.substring(2) : "+" + n)
                .credentials(request -> request.header("Authorization").startsWith("Basic ")
                        && request.target().equals("/api/laml/2010-04-01/Accounts/" + PROJECT + "/Messages.json"))
                .accepted(201, "{\"sid\":\"b3877c40-da60-4998-90ad-b792e98472af\",\"status\":\"queued\",\"direction\":\"outbound-api\"}")
                .rejected(422, "{\"code\":\"21211\",\"message\":\"The 'To' number is not a valid phone number.\",\"status\":422}")
                .webhook(m -> InboundRequest.builder().publicUrl("http://127.0.0.1:8080/sms/signalwire")
                        .field("MessageSid", "0d7e4c56-6f3f-4d2a-9d6c-1b2f3a4b5c6d").field("AccountSid", PROJECT).field("To", m.to())
                        .field("From", m.from()).field("Body", m.body()).field("NumMedia", "0").build())
                .signer(request -> sign(URL, request))
                .signatureWithoutTimestamp("X-SignalWire-Signature covers the URL and the parameters only, as Twilio's; websms "
                        + "drops a replayed message by its MessageSid for dedupe_window seconds")
                .ack(new WebhookReply(200, "text/xml; charset=utf-8", "<Response></Response>"))
                .statusCallbacks(SignalWireConformanceTest::statusCallback, documentedStatuses())
                .statusSigner(request -> sign(STATUS_URL, request))
                .build();
    }

    private static InboundRequest statusCallback(String messageSid, String status) {
        return InboundRequest.builder().publicUrl("http://127.0.0.1:8080/status/signalwire")
                .field("AccountSid", PROJECT).field("From", "+15017122661").field("To", "+12025550183")
                .field("MessageSid", messageSid).field("MessageStatus", status).build();
    }

    /** SignalWire's message statuses (its Message object): Twilio's words, and initiated. */
    private static Map<String, DeliveryStatus> documentedStatuses() {
        Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
        statuses.put("queued", DeliveryStatus.QUEUED);
        statuses.put("initiated", DeliveryStatus.QUEUED);
        statuses.put("sent", DeliveryStatus.SENT);
        statuses.put("delivered", DeliveryStatus.DELIVERED);
        statuses.put("undelivered", DeliveryStatus.UNDELIVERED);
        statuses.put("failed", DeliveryStatus.FAILED);
        return statuses;
    }

    /** Signed as SignalWire signs: Twilio's computation with the Signing Key, in X-SignalWire-Signature and X-Twilio-Signature. */
    private static InboundRequest sign(String url, InboundRequest request) {
        Map<String, List<String>> fields = new TreeMap<>(request.fields());
        String signature = TwilioSignatureVerifier.sign(SIGNING_KEY, url, fields);
        InboundRequest.Builder signed = InboundRequest.builder().publicUrl(request.publicUrl())
                .headers(Headers.of(List.of(new Headers.Field("X-SignalWire-Signature", signature), new Headers.Field("X-Twilio-Signature", signature))));
        request.fields().forEach((k, values) -> values.forEach(v -> signed.field(k, v)));
        return signed.build();
    }
}
