package io.websms.provider.twiliolike;

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

class TwilioLikeConformanceTest extends ProviderConformance {

    private static final String TOKEN = "twilio-auth-token";
    private static final String URL = "https://pbx.example.com/sms/twilio";
    private static final String STATUS_URL = "https://pbx.example.com/status/twilio";

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("twilio-like")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("twilio-like")
                        .put("url_host", itsp).put("url_path", "/2010-04-01/Accounts/{auth_user}/Messages.json").put("auth_method", "basic")
                        .put("key_to", "To").put("key_from", "From").put("key_body", "Body")
                        .put("auth_user", "AC0123456789").putSecret("auth_secret", TOKEN).put("status_url", STATUS_URL).build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("twilio-like")
                        .put("key_to", "To").put("key_from", "From").put("key_body", "Body").put("resp_ack", "<Response></Response>")
                        .putSecret("auth_secret", TOKEN).put("public_url", URL).build())
                .wireFields("To", "From", "Body")
                .numberOnWire(n -> n.startsWith("+") ? n : n.startsWith("00") ? "+" + n.substring(2) : "+" + n)
                .credentials(request -> request.header("Authorization").startsWith("Basic ") && request.target().contains("/Accounts/AC0123456789/"))
                .accepted(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}")
                .rejected(400, "{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\"}")
                .webhook(m -> InboundRequest.builder().publicUrl("http://127.0.0.1:8080/sms/twilio")
                        .field("MessageSid", "SM0123").field("To", m.to()).field("From", m.from()).field("Body", m.body()).build())
                .signer(request -> sign(URL, request))
                .signatureWithoutTimestamp("X-Twilio-Signature covers the URL and the parameters only; websms drops a replayed "
                        + "message by its MessageSid for dedupe_window seconds")
                .ack(new WebhookReply(200, "text/xml; charset=utf-8", "<Response></Response>"))
                .statusCallbacks(TwilioLikeConformanceTest::statusCallback, documentedStatuses())
                .statusSigner(request -> sign(STATUS_URL, request))
                .build();
    }

    /** Twilio's status callback for an SMS, as it posts it (its documented properties). */
    private static InboundRequest statusCallback(String messageSid, String status) {
        return InboundRequest.builder().publicUrl("http://127.0.0.1:8080/status/twilio")
                .field("AccountSid", "AC0123456789").field("ApiVersion", "2010-04-01").field("From", "+15017122661").field("To", "+12025550183")
                .field("MessageSid", messageSid).field("SmsSid", messageSid).field("MessageStatus", status).field("SmsStatus", status).build();
    }

    /** Twilio's list of message statuses, and what each means to websms. */
    private static Map<String, DeliveryStatus> documentedStatuses() {
        Map<String, DeliveryStatus> statuses = new LinkedHashMap<>();
        statuses.put("accepted", DeliveryStatus.ACCEPTED);
        statuses.put("scheduled", DeliveryStatus.QUEUED);
        statuses.put("queued", DeliveryStatus.QUEUED);
        statuses.put("sending", DeliveryStatus.QUEUED);
        statuses.put("sent", DeliveryStatus.SENT);
        statuses.put("delivered", DeliveryStatus.DELIVERED);
        statuses.put("read", DeliveryStatus.DELIVERED);
        statuses.put("undelivered", DeliveryStatus.UNDELIVERED);
        statuses.put("failed", DeliveryStatus.FAILED);
        statuses.put("canceled", DeliveryStatus.FAILED);
        return statuses;
    }

    /** Twilio's documented signature: base64(HMAC-SHA1(token, URL + sorted name/value pairs)). */
    private static InboundRequest sign(String url, InboundRequest request) {
        try {
            StringBuilder data = new StringBuilder(url);
            new TreeMap<>(request.fields()).forEach((name, values) -> values.forEach(v -> data.append(name).append(v)));
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
            InboundRequest.Builder signed = InboundRequest.builder().publicUrl(request.publicUrl())
                    .headers(Headers.of(List.of(new Headers.Field("X-Twilio-Signature", signature))));
            request.fields().forEach((k, values) -> values.forEach(v -> signed.field(k, v)));
            return signed.build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
