package io.websms.provider.twiliolike;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Twilio signs its webhooks: {@code X-Twilio-Signature} is {@code base64(HMAC-SHA1(auth token, url + name1 + value1
 * + name2 + value2 …))}, with {@code url} the full URL Twilio called (query string included, as sent) and the POST
 * fields sorted by name. Behind a reverse proxy websms does not see that URL, so {@code public_url} gives its
 * scheme, host and path. Checked when the interface's {@code auth_secret} is set; compared in constant time.
 *
 * <p>Status callbacks are signed the same way, over the {@code StatusCallback} URL: given an outgoing
 * ({@code [websms]}) interface, the verifier takes {@code status_url} where it takes {@code public_url} for an
 * incoming one, and that interface's {@code auth_secret} (the auth token it sends with) as the key.
 *
 * <p>An API that copies Twilio may sign the same way under its own header and with another key
 * ({@link #signalWire()}): the first of its headers the request carries is the signature.
 */
final class TwilioSignatureVerifier implements SignatureVerifier {

    private final List<String> headers;
    private final String statusKey;

    /** Twilio's: {@code X-Twilio-Signature}, status callbacks keyed with the sending interface's {@code auth_secret}. */
    TwilioSignatureVerifier() {
        this(List.of("X-Twilio-Signature"), "auth_secret");
    }

    /**
     * @param headers   the headers that may carry the signature, the first one present counting
     * @param statusKey the {@code [websms]} key whose value signs status callbacks
     */
    TwilioSignatureVerifier(List<String> headers, String statusKey) {
        this.headers = List.copyOf(headers);
        this.statusKey = statusKey;
    }

    /**
     * SignalWire's compatibility API: {@code X-SignalWire-Signature} (and the same value as {@code X-Twilio-Signature}),
     * computed as Twilio's with the project's Signing Key: {@code [websmsd] auth_secret} for webhooks,
     * {@code [websms] signing_key} for status callbacks (the {@code [websms] auth_secret} is the API token, which
     * signs nothing).
     */
    static TwilioSignatureVerifier signalWire() {
        return new TwilioSignatureVerifier(List.of("X-SignalWire-Signature", "X-Twilio-Signature"), "signing_key");
    }

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String keyName = config.direction() == Direction.OUTBOUND ? statusKey : "auth_secret";
        String token = config.value(keyName);
        if (token.isEmpty()) {
            return;
        }
        String header = null;
        String given = "";
        for (String name : headers) {
            given = request.headers().first(name).orElse("");
            if (!given.isEmpty()) {
                header = name;
                break;
            }
        }
        if (header == null) {
            throw WebhookException.forbidden("no " + String.join(" or ", headers) + " header, and " + keyName + " is set");
        }
        String expected = sign(token, url(request, config), request.fields());
        if (!Signatures.matches(expected, given)) {
            throw WebhookException.forbidden(header + " does not match (check " + keyName + ", and " + urlKey(config) + " behind a proxy)");
        }
    }

    /** The key that holds the URL Twilio calls: {@code status_url} for status callbacks, else {@code public_url}. */
    private static String urlKey(InterfaceConfig config) {
        return config.direction() == Direction.OUTBOUND ? "status_url" : "public_url";
    }

    /**
     * The URL Twilio signed: the scheme and host of {@code public_url} or {@code status_url} (else of the URL websms
     * was called at, from its Host header), then the path of that URL when it has one (a proxy may have rewritten it) or the
     * raw path, then the raw query: all as Twilio sent them, never decoded and encoded again, or a {@code +} or
     * {@code %2B} in the query would no longer match.
     */
    static String url(InboundRequest request, InterfaceConfig config) {
        String publicUrl = config.value(urlKey(config));
        String target = request.target();
        if (target.isEmpty()) {
            // A request not read from the wire: only the URL websms was called at is known.
            int query = request.publicUrl().indexOf('?');
            return publicUrl.isEmpty() ? request.publicUrl() : query < 0 ? publicUrl : publicUrl + request.publicUrl().substring(query);
        }
        int query = target.indexOf('?');
        String rawPath = query < 0 ? target : target.substring(0, query);
        String rawQuery = query < 0 ? "" : target.substring(query);
        URI base = URI.create(publicUrl.isEmpty() ? request.publicUrl() : publicUrl);
        if (base.getScheme() == null || base.getRawAuthority() == null) {
            return target;
        }
        String path = !publicUrl.isEmpty() && base.getRawPath() != null && !base.getRawPath().isEmpty() ? base.getRawPath() : rawPath;
        return base.getScheme() + "://" + base.getRawAuthority() + path + rawQuery;
    }

    static String sign(String token, String url, Map<String, List<String>> fields) {
        StringBuilder data = new StringBuilder(url);
        List<String> names = new ArrayList<>(fields.keySet());
        names.sort(null);
        for (String name : names) {
            List<String> values = new ArrayList<>(fields.get(name));
            values.sort(null);
            for (String value : values) {
                data.append(name).append(value);
            }
        }
        return Base64.getEncoder().encodeToString(Signatures.hmacSha1(token, data.toString()));
    }
}
