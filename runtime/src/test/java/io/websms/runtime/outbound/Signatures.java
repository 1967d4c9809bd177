package io.websms.runtime.outbound;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/** Zadarma's published signing algorithm, written from its documentation, not from the code under test. */
final class Signatures {

    private Signatures() {
    }

    /** base64_encode(hash_hmac('sha1', data, secret)): PHP's hash_hmac returns lower-case hex. */
    static String zadarma(String secret, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String hex = HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        return Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII));
    }

    /** md5(text): lower-case hex. */
    static String md5Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
