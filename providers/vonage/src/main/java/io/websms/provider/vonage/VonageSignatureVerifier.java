package io.websms.provider.vonage;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Vonage signs inbound messages and delivery receipts when the account asks for it: the parameters (query, form
 * fields or JSON members) then carry {@code timestamp} (Unix seconds), {@code nonce} and {@code sig}, the signature of
 * all the others with the signature secret ({@link VonageSigning}, method {@code signature_method}). With
 * {@code signature_secret} set, a call without a matching {@code sig} is refused (403), and so is one whose
 * {@code timestamp} is more than {@link #TOLERANCE} from now: a recorded webhook cannot be replayed later. The first
 * value of each parameter is signed, as Vonage's SDKs take it, and it is the one the parsers read. Compared in
 * constant time, in any letter case (Vonage's SDKs differ in the case of the hex). For delivery receipts the keys are
 * those of the sending interface ({@code [websms]}).
 */
final class VonageSignatureVerifier implements SignatureVerifier {

    /** How far {@code timestamp} may be from now, either way: five minutes, as Vonage's SDKs allow. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final Clock clock;

    VonageSignatureVerifier() {
        this(Clock.systemUTC());
    }

    VonageSignatureVerifier(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String secret = config.value(VonageSigning.SECRET_KEY);
        if (secret.isEmpty()) {
            return;
        }
        Map<String, String> parameters = firstValues(request);
        String given = parameters.getOrDefault("sig", "").strip();
        if (given.isEmpty()) {
            throw WebhookException.forbidden("no sig parameter, and signature_secret is set");
        }
        Instant signedAt = timestamp(parameters.getOrDefault("timestamp", ""));
        if (signedAt == null) {
            throw WebhookException.forbidden("no timestamp (Unix seconds) beside sig; Vonage signs one into every signed call");
        }
        Instant now = clock.instant();
        if (!Signatures.isFresh(signedAt, now, TOLERANCE)) {
            throw WebhookException.forbidden("timestamp " + signedAt + " is more than " + TOLERANCE.toMinutes()
                    + " minutes from now (" + now + "): a replayed or delayed call, or a wrong clock");
        }
        Optional<VonageSigning.Method> method = VonageSigning.Method.named(config.value(VonageSigning.METHOD_KEY));
        if (method.isEmpty()) {
            // check() stops websms from starting like this; a verifier used without it still refuses.
            throw WebhookException.forbidden("signature_method is not one of md5hash, md5, sha1, sha256, sha512");
        }
        String expected = VonageSigning.sign(parameters, secret, method.get());
        if (!Signatures.matches(expected, given.toLowerCase(Locale.ROOT))) {
            throw WebhookException.forbidden("sig does not match (check signature_secret, and that signature_method is "
                    + method.get().wireName() + " as in Vonage's dashboard)");
        }
    }

    /** Each parameter's first value: the query's, then the body's. */
    static Map<String, String> firstValues(InboundRequest request) {
        Map<String, String> first = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : request.parameters().entrySet()) {
            if (!parameter.getValue().isEmpty()) {
                first.put(parameter.getKey(), parameter.getValue().get(0));
            }
        }
        return first;
    }

    private static Instant timestamp(String value) {
        String v = value.strip();
        if (!v.matches("\\d{1,12}")) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(v));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
