package io.websms.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignaturesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hmacsGiveThePublishedTestVectors() {
        // RFC 2202, test case 2 (HMAC-SHA1) and RFC 4231, test case 2 (HMAC-SHA256): key "Jefe".
        assertArrayEquals(HEX.parseHex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"), Signatures.hmacSha1("Jefe", "what do ya want for nothing?"));
        assertArrayEquals(HEX.parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                Signatures.hmacSha256("Jefe", "what do ya want for nothing?"));
        // An empty key is a key too (HMAC pads keys with zeros): RFC 4231 has none, this is the JDK's own result for it.
        assertArrayEquals(Signatures.hmacSha256(new byte[0], "x".getBytes(StandardCharsets.UTF_8)),
                Signatures.hmacSha256(new byte[1], "x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aComparisonSeesEveryByteAndIgnoresOnlySurroundingBlanksOfTheGivenText() {
        assertTrue(Signatures.matches("abc=", " abc=\n"));
        assertFalse(Signatures.matches("abc=", "abd="));
        assertFalse(Signatures.matches("abc=", "abc"));
        assertFalse(Signatures.matches(new byte[] {1, 2}, new byte[] {1, 2, 3}));
    }

    @Test
    void aTimestampIsFreshOnlyWithinItsToleranceEitherWay() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertTrue(Signatures.isFresh(now.minusSeconds(300), now, Duration.ofMinutes(5)));
        assertFalse(Signatures.isFresh(now.minusSeconds(301), now, Duration.ofMinutes(5)), "a replay of an old request");
        assertFalse(Signatures.isFresh(now.plusSeconds(301), now, Duration.ofMinutes(5)), "a timestamp from the future");
    }

    @Test
    void ed25519VerifiesRfc8032TestVector1AndNothingElse() {
        // RFC 8032, section 7.1, TEST 1: the empty message.
        byte[] key = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] signature = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertTrue(Signatures.verifyEd25519(key, new byte[0], signature));
        assertFalse(Signatures.verifyEd25519(key, new byte[] {0}, signature), "another message");
        signature[0] ^= 1;
        assertFalse(Signatures.verifyEd25519(key, new byte[0], signature), "a changed signature");
        assertFalse(Signatures.verifyEd25519(new byte[31], new byte[0], signature), "a key of the wrong size");
    }
}
