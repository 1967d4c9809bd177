package io.websms.provider.vonage;

import io.websms.api.Signatures;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vonage's signed requests, for the SMS API and the webhooks it signs: the parameters other than {@code sig}, blank
 * ones left out, sorted by name, each written {@code &name=value} with every {@code &} and {@code =} inside a name or
 * value replaced by {@code _}; then, with the account's signature secret, one of the five methods the Vonage dashboard
 * offers (the lower-case hex of the digest is the {@code sig}). As Vonage's server SDKs compute it
 * ({@code RequestSigning} in vonage-java-sdk).
 */
final class VonageSigning {

    /** The key choosing the method, in both sections. */
    static final String METHOD_KEY = "signature_method";
    /** The key holding the signature secret, in both sections. */
    static final String SECRET_KEY = "signature_secret";

    /** The signing methods, by the names Vonage's SDKs give them. */
    enum Method {
        /** {@code md5(params + secret)}: the dashboard's "MD5 hash", Vonage's default. */
        MD5HASH("md5hash"),
        /** HMAC-MD5 keyed with the secret. */
        MD5("md5"),
        /** HMAC-SHA1 keyed with the secret. */
        SHA1("sha1"),
        /** HMAC-SHA256 keyed with the secret. */
        SHA256("sha256"),
        /** HMAC-SHA512 keyed with the secret. */
        SHA512("sha512");

        private final String wireName;

        Method(String wireName) {
            this.wireName = wireName;
        }

        String wireName() {
            return wireName;
        }

        /** The method named {@code name} (any case, blanks around ignored); empty for an unknown name. */
        static Optional<Method> named(String name) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            for (Method method : values()) {
                if (method.wireName.equals(n)) {
                    return Optional.of(method);
                }
            }
            return Optional.empty();
        }
    }

    private VonageSigning() {
    }

    /** The signed text of {@code parameters} (one value per name): {@code &a=1&b=2}, sorted, {@code sig} and blanks left out. */
    static String canonical(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (!name.equals("sig") && value != null && !value.isBlank()) {
                out.append('&').append(clean(name)).append('=').append(clean(value));
            }
        });
        return out.toString();
    }

    private static String clean(String text) {
        return text.replace('&', '_').replace('=', '_');
    }

    /** The {@code sig} of {@code parameters} with {@code secret} by {@code method}, in lower-case hex. */
    static String sign(Map<String, String> parameters, String secret, Method method) {
        String text = canonical(parameters);
        byte[] digest = switch (method) {
            case MD5HASH -> md5((text + secret).getBytes(StandardCharsets.UTF_8));
            case SHA1 -> Signatures.hmacSha1(secret, text);
            case SHA256 -> Signatures.hmacSha256(secret, text);
            // The api's Signatures has HMAC-SHA1 and -SHA256 only; Vonage also offers these two.
            case MD5 -> hmac("HmacMD5", secret, text);
            case SHA512 -> hmac("HmacSHA512", secret, text);
        };
        return HexFormat.of().formatHex(digest);
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    private static byte[] hmac(String algorithm, String secret, String text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm)); // an empty key is all zeros to HMAC
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
