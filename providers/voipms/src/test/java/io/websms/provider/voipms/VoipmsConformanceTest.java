package io.websms.provider.voipms;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.WebhookReply;
import io.websms.conformance.ProviderConformance;
import io.websms.conformance.ProviderProfile;

/**
 * The kit, with VoIP.ms's sendSMS call and reply (https://voip.ms/m/apidocs.php) and its SMS URL Callback
 * (https://wiki.voip.ms/article/SMS-MMS: the placeholders {TO}, {FROM}, {MESSAGE}, {ID}, {TIMESTAMP} in the query).
 * VoIP.ms signs nothing, so the callback is not signed here; the secret in the URL is tested in {@link VoipmsTest}.
 */
class VoipmsConformanceTest extends ProviderConformance {

    @Override
    protected ProviderProfile profile() {
        return ProviderProfile.builder("voipms")
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("voipms")
                        .put("url_host", itsp).put("url_path", "/api/v1/rest.php")
                        .put("auth_user", "pbx@example.com").putSecret("auth_secret", "Api-Passw0rd-42").build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("voipms")
                        .put("key_to", "to").put("key_from", "from").put("key_body", "message").build())
                .wireFields("dst", "did", "message")
                .numberOnWire(VoipmsConformanceTest::voipms)
                .credentials(request -> request.fields().getOrDefault("api_username", "").equals("pbx@example.com")
                        && request.fields().getOrDefault("api_password", "").equals("Api-Passw0rd-42"))
                // VoIP.ms has no Unicode flag: the text goes as it is.
                .unicodePolicies(false)
                .accepted(200, "{\"status\":\"success\",\"sms\":\"23434\"}")
                .rejected(200, "{\"status\":\"invalid_dst\"}")
                .webhook(m -> InboundRequest.builder().method("GET").queryParameter("to", m.to()).queryParameter("from", m.from())
                        .queryParameter("message", m.body()).queryParameter("id", "23435").queryParameter("date", "2026-11-02 10:15:30").build())
                .ack(WebhookReply.text("ok"))
                .build();
    }

    /** Digits only, a North American number as its 10 digits. */
    private static String voipms(String number) {
        String digits = number.startsWith("+") ? number.substring(1) : number.startsWith("00") ? number.substring(2) : number;
        return digits.length() == 11 && digits.startsWith("1") ? digits.substring(1) : digits;
    }
}
