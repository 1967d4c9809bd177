package io.websms.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a {@link SignatureVerifier} needs, with the JDK's own cryptography: HMAC-SHA1 and HMAC-SHA256, a comparison in
 * constant time, a timestamp tolerance against replays, and Ed25519 verification. So that no provider writes these
 * lines again, and none compares a signature with {@code equals} (which leaks, through its timing, how much of a
 * forged signature was right).
 */
public final class Signatures {

    /** The DER prefix that makes a 32-byte Ed25519 public key an X.509 {@code SubjectPublicKeyInfo}. */
    private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Signatures() {
    }

    /** HMAC-SHA1 of {@code data} under {@code key}. */
    public static byte[] hmacSha1(byte[] key, byte[] data) {
        return hmac("HmacSHA1", key, data);
    }

    /** HMAC-SHA256 of {@code data} under {@code key}. */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        return hmac("HmacSHA256", key, data);
    }

    /** HMAC-SHA256 of the UTF-8 bytes of {@code data} under the UTF-8 bytes of {@code key}. */
    public static byte[] hmacSha256(String key, String data) {
        return hmacSha256(key.getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA1 of the UTF-8 bytes of {@code data} under the UTF-8 bytes of {@code key}. */
    public static byte[] hmacSha1(String key, String data) {
        return hmacSha1(key.getBytes(StandardCharsets.UTF_8), data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // SecretKeySpec refuses an empty key; HMAC pads a key with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    /** Whether {@code given} is {@code expected}, in time that does not depend on where they differ. */
    public static boolean matches(byte[] expected, byte[] given) {
        return MessageDigest.isEqual(expected, given);
    }

    /**
     * Whether the text {@code given} (a header's value, surrounding blanks ignored) is {@code expected}, in constant
     * time.
     */
    public static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.strip().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether a request signed at {@code signedAt} may be taken at {@code now}: no further from it than
     * {@code tolerance} either way. A signature with a timestamp is only worth its timestamp: without this check a
     * recorded request could be replayed for ever.
     */
    public static boolean isFresh(Instant signedAt, Instant now, Duration tolerance) {
        return Duration.between(signedAt, now).abs().compareTo(tolerance) <= 0;
    }

    /**
     * Whether {@code signature} (64 bytes) is the Ed25519 signature of {@code message} by the raw 32-byte
     * {@code publicKey} (RFC 8032), as Telnyx signs its webhooks. False for a key or signature of the wrong size.
     */
    public static boolean verifyEd25519(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != 32 || signature.length != 64) {
            return false;
        }
        try {
            byte[] encoded = new byte[ED25519_PREFIX.length + 32];
            System.arraycopy(ED25519_PREFIX, 0, encoded, 0, ED25519_PREFIX.length);
            System.arraycopy(publicKey, 0, encoded, ED25519_PREFIX.length, 32);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
