package io.websms.provider.bandwidth;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Bandwidth signs no callback: it authenticates with the HTTP Basic credentials configured on the messaging
 * application (InboundCallbackCreds for incoming messages, OutboundCallbackCreds for status callbacks). With
 * {@code callback_user} and {@code callback_secret} set ({@code [websmsd]} for incoming messages, {@code [websms]}
 * for status callbacks), a call must carry exactly them, compared in constant time; else it gets 403. Credentials
 * prove who calls, not what the body says: send the callbacks over https.
 */
final class CallbackCredentials implements SignatureVerifier {

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String user = config.value("callback_user");
        String secret = config.value("callback_secret");
        if (user.isEmpty() && secret.isEmpty()) {
            return;
        }
        String section = "[" + config.direction().section() + "]";
        String authorization = request.headers().first("Authorization").orElse("").strip();
        if (authorization.length() < 6 || !authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            throw WebhookException.forbidden("no Authorization: Basic header, and callback_user of " + section + " is set");
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            throw WebhookException.forbidden("the Authorization: Basic header is not base64");
        }
        byte[] expected = (user + ":" + secret).getBytes(StandardCharsets.UTF_8);
        if (!Signatures.matches(expected, given)) {
            throw WebhookException.forbidden("the callback credentials do not match callback_user and callback_secret of " + section);
        }
    }
}
