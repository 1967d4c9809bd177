package io.websms.provider.zadarma;

import com.google.auto.service.AutoService;
import io.websms.api.AuthScheme;
import io.websms.api.ConfigProblem;
import io.websms.api.InterfaceConfig;
import io.websms.api.OutboundRequest;
import io.websms.api.Signatures;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code auth_method = zadarma}: Zadarma's signed requests. With {@code q} the form body (fields sorted by name,
 * encoded as PHP's {@code http_build_query}) and {@code path} the URL path:
 * {@code Authorization: <auth_user>:<base64(hex(HMAC-SHA1(auth_secret, path + q + hex(MD5(q)))))>} — base64 of the
 * 40 lower-case hex characters, not of the raw digest, as Zadarma's PHP client computes it.
 */
@AutoService(AuthScheme.class)
public final class ZadarmaAuth implements AuthScheme {

    private static final HexFormat HEX = HexFormat.of();

    @Override
    public String name() {
        return "zadarma";
    }

    @Override
    public OutboundRequest authenticate(OutboundRequest request, InterfaceConfig config) {
        if (!config.isSet("auth_user") || !config.isSet("auth_secret")) {
            return request;
        }
        String query = request.bodyText();
        String path = request.uri().getRawPath();
        String signature = sign(config.value("auth_secret"), path + query + HEX.formatHex(md5(query)));
        return request.newBuilder().header("Authorization", config.value("auth_user") + ":" + signature).build();
    }

    /** {@code base64(hex(HMAC-SHA1(secret, data)))}, Zadarma's signature. */
    static String sign(String secret, String data) {
        String hex = HEX.formatHex(Signatures.hmacSha1(secret, data));
        return Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        if (config.isSet("auth_user") && config.isSet("auth_secret")) {
            return List.of();
        }
        return List.of(ConfigProblem.warning("auth_method",
                "auth_method = zadarma needs auth_user (your API key) and auth_secret; without both, requests go out unsigned and Zadarma refuses them",
                "set auth_user and auth_secret to the key and secret of your Zadarma API settings"));
    }
}
