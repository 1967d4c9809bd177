package io.websms.conformance;

import io.websms.api.AuthScheme;
import io.websms.api.ConfigKey;
import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.Provider;
import io.websms.api.SendResult;
import io.websms.api.StatusParser;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import io.websms.api.WebhookReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The conformance kit: every provider, ours and third parties', passes it. Extend it in the provider's test sources
 * and describe the provider in {@link #profile()}; the kit then plays the ITSP (MockWebServer on loopback) and checks:
 * <ul>
 *   <li><b>registration</b>: {@link ServiceLoader} finds the provider by name, exactly once; its name, description and
 *       keys are well formed;</li>
 *   <li><b>Unicode</b>: ASCII, Latin-1, Cyrillic, CJK, combining marks and emoji reach the ITSP as the same text,
 *       {@code val_unicode = UCS-2} replaces characters beyond U+FFFF, {@code val_unicode = key=value} adds the field
 *       only when the text has such characters, and webhooks give the same text back;</li>
 *   <li><b>E.164</b>: {@code +46…}, {@code 46…} and {@code 0046…} are sent in the form the profile declares, and
 *       inbound numbers come out as the ITSP sent them;</li>
 *   <li><b>echo</b>: the handshake gets exactly its answer, and an ordinary webhook is no handshake;</li>
 *   <li><b>ack</b>: a stored message gets the profile's status, content type and body; an authentic call that
 *       carries no message ({@link io.websms.api.WebhookParser#parseAll} gives none) is answered 2xx;</li>
 *   <li><b>auth and replies</b>: credentials are applied; acceptance, rejection, 429, 5xx and a malformed reply are
 *       classified right; a secret never shows in {@code toString()}, a reason, an exception or a log line;</li>
 *   <li><b>inbound</b>: the webhook parses to the right message, a webhook without its fields or with a number that
 *       could break a call file is a 400, and where
 *       the provider checks signatures, an unsigned or tampered webhook is refused with 403;</li>
 *   <li><b>replay</b>, where the ITSP's signature carries a timestamp (the profile's
 *       {@link ProviderProfile.Builder#signer(java.util.function.BiFunction, Duration) signer(…, tolerance)}):
 *       a webhook signed correctly but longer ago than the tolerance is refused with 403 (so websms stores nothing),
 *       while one signed now, or half the tolerance ago, is taken. A profile whose ITSP signs no time says so
 *       ({@link ProviderProfile.Builder#signatureWithoutTimestamp(String) signatureWithoutTimestamp(why)}), and one
 *       check reports it as not applicable, with the reason; so does a provider that does not sign.</li>
 *   <li><b>status callbacks</b>, for a provider whose {@link Provider#statusParser(InterfaceConfig)} is not null (and
 *       whose profile then describes them): each status word the ITSP documents maps as declared, with the message
 *       id; a word no ITSP uses gives a report with an empty status, not an exception; an empty callback is a 400 or
 *       no report; where the provider signs them, an unsigned, forged or tampered callback is refused with 403 by its
 *       {@link io.websms.api.SignatureVerifier}, given the outgoing configuration. For a provider that reads none,
 *       one check says so: it is not skipped, there is nothing more to check.</li>
 * </ul>
 * Timeouts and retries are websms's own work, not a provider's, and are tested with websms.
 */
public abstract class ProviderConformance {

    /** Texts of every kind the kit sends and receives. */
    static final Map<String, String> TEXTS = new LinkedHashMap<>();

    static {
        TEXTS.put("ASCII", "Hello, world! 100% sure & 'quoted' \"text\" + more; #1 ~*");
        TEXTS.put("Latin-1", "Grüße aus Köln: àéîõü ñ ß ¿¡ £©");
        TEXTS.put("Cyrillic", "Привет, мир! Как дела?");
        TEXTS.put("CJK", "你好世界 こんにちは 안녕하세요");
        TEXTS.put("combining marks", "e\u0301 n\u0303 a\u0308 Z\u0335\u0321a\u0336");
        TEXTS.put("emoji", "Party 🎉 👍🏽 🇸🇪 👨\u200D👩\u200D👧 😀\nsecond line");
    }

    private static final String TO = "+46701234567";
    private static final String FROM = "+15017122661";

    private FakeItsp itsp;

    /** Describes the provider under test. */
    protected abstract ProviderProfile profile();

    @BeforeEach
    void startItsp() throws Exception {
        itsp = new FakeItsp();
    }

    @AfterEach
    void stopItsp() {
        itsp.close();
    }

    /** Every check of the kit for the provider {@link #profile()} describes. */
    @TestFactory
    Stream<DynamicNode> conformance() {
        ProviderProfile profile = profile();
        List<DynamicNode> nodes = new ArrayList<>();
        if (profile.instance == null) {
            nodes.add(DynamicContainer.dynamicContainer("registration", Stream.of(
                    test("ServiceLoader finds it by name, exactly once", () -> assertEquals(profile.name, registered(profile.name).name())),
                    test("name and description are well formed", () -> wellFormed(registered(profile.name))),
                    test("each key is declared once per section", () -> keysOnce(registered(profile.name))))));
        }
        nodes.add(DynamicContainer.dynamicContainer("unicode", Stream.concat(
                TEXTS.entrySet().stream().map(e -> test(e.getKey() + " reaches the ITSP and comes back", () -> unicode(profile, e.getValue()))),
                profile.unicodePolicies ? Stream.of(
                        test("UCS-2 replaces characters beyond U+FFFF", () -> ucs2(profile)),
                        test("a flag field is added only for characters beyond U+FFFF", () -> flag(profile))) : Stream.empty())));
        nodes.add(DynamicContainer.dynamicContainer("E.164", Stream.of(
                test("numbers are sent in the declared form", () -> numbers(profile)),
                test("inbound numbers come out as sent", () -> inboundNumbers(profile)))));
        nodes.add(DynamicContainer.dynamicContainer("echo", Stream.of(
                test("the handshake is answered exactly, an ordinary webhook is none", () -> echo(profile)))));
        nodes.add(DynamicContainer.dynamicContainer("ack", Stream.of(
                test("a stored message gets the declared ack", () -> ack(profile)),
                test("an authentic call without a message is answered 2xx", () -> ackIgnored(profile)))));
        nodes.add(DynamicContainer.dynamicContainer("auth and replies", Stream.of(
                test("credentials are applied", () -> credentials(profile)),
                test("acceptance, rejection, 429, 5xx and a malformed reply are classified right", () -> replies(profile)),
                test("no secret shows in toString, reasons, exceptions or logs", () -> secrets(profile)))));
        nodes.add(DynamicContainer.dynamicContainer("inbound", Stream.of(
                test("a webhook without its fields is a 400", () -> missingFields(profile)),
                test("a number with a line break or letters is refused with 400", () -> badNumbers(profile)),
                test(profile.signer == null ? "unsigned webhooks pass (the provider does not sign)"
                        : "unsigned and tampered webhooks are refused with 403", () -> signatures(profile)),
                test(profile.signer == null ? "no replay check: the provider does not sign"
                        : profile.withoutTimestamp != null ? "no replay check: the signature has no timestamp (" + profile.withoutTimestamp + ")"
                        : REPLAY, () -> replay(profile)))));
        nodes.add(DynamicContainer.dynamicContainer("status callbacks", profile.statusCallback == null
                ? Stream.of(test("the provider reads no status callbacks (statusParser is null): nothing more to check", () -> noStatusParser(profile)))
                : Stream.of(
                        test("each documented status maps as declared", () -> documentedStatuses(profile)),
                        test("an unknown status is counted, not refused", () -> unknownStatus(profile)),
                        test("an empty status callback is a 400 or no report", () -> emptyStatusCallback(profile)),
                        test(profile.statusSigner == null ? "unsigned status callbacks pass (the provider does not sign)"
                                : "unsigned, forged and tampered status callbacks are refused with 403", () -> statusSignatures(profile)))));
        return nodes.stream();
    }

    private static DynamicTest test(String name, Executable check) {
        return DynamicTest.dynamicTest(name, check);
    }

    // ---- registration

    private static Provider registered(String name) {
        List<Provider> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Provider provider : ServiceLoader.load(Provider.class)) {
            names.add(provider.name());
            if (name.equals(provider.name())) {
                found.add(provider);
            }
        }
        if (found.size() != 1) {
            fail(found.isEmpty()
                    ? "ServiceLoader finds no provider named '" + name + "' (found: " + names + "). Register the class with "
                    + "@AutoService(Provider.class), and put com.google.auto.service:auto-service in the compiler plugin's "
                    + "annotationProcessorPaths: on JDK 23+ a processor found only on the class path is skipped silently"
                    : "ServiceLoader finds " + found.size() + " providers named '" + name + "'");
        }
        return found.get(0);
    }

    private static void wellFormed(Provider provider) {
        assertTrue(provider.name().matches("[a-z0-9][a-z0-9_-]*"), "a name is lower case letters, digits, - and _: " + provider.name());
        assertNotNull(provider.description(), "description()");
        assertFalse(provider.description().isBlank(), "description() says in one line which ITSP this is");
        assertFalse(provider.description().contains("\n"), "description() is one line");
    }

    private static void keysOnce(Provider provider) {
        Set<String> seen = new HashSet<>();
        for (ConfigKey key : provider.keys()) {
            assertTrue(seen.add(key.direction() + "/" + key.name()), "key declared twice: " + key);
        }
    }

    private static Provider provider(ProviderProfile profile) {
        return profile.instance != null ? profile.instance : registered(profile.name);
    }

    // ---- sending

    private FakeItsp.Exchange send(ProviderProfile profile, InterfaceConfig config, Message message, int status, String reply) throws Exception {
        return itsp.exchange(request(profile, config, message), status, reply);
    }

    private static OutboundRequest request(ProviderProfile profile, InterfaceConfig config, Message message) throws Exception {
        Provider provider = provider(profile);
        OutboundRequest mapped = provider.requestMapper(config).map(message, config);
        assertNotNull(mapped, "requestMapper().map() returned null");
        return auth(provider, config).authenticate(mapped, config);
    }

    private static AuthScheme auth(Provider provider, InterfaceConfig config) {
        AuthScheme fixed = provider.authScheme(config);
        if (fixed != null) {
            return fixed;
        }
        String method = config.value("auth_method").isEmpty() ? "none" : config.value("auth_method");
        for (AuthScheme scheme : ServiceLoader.load(AuthScheme.class)) {
            if (scheme.name().equals(method)) {
                return scheme;
            }
        }
        return fail("no auth scheme named '" + method + "' is on the class path");
    }

    private InterfaceConfig outbound(ProviderProfile profile) {
        return profile.outbound.apply(itsp.baseUrl());
    }

    private void unicode(ProviderProfile profile, String text) throws Exception {
        Map<String, String> fields = send(profile, outbound(profile), Message.of(TO, FROM, text), profile.acceptedStatus, profile.acceptedBody).request().fields();
        assertEquals(text, fields.get(profile.bodyField), "the text in field " + profile.bodyField + " of " + fields);
        Message back = parse(profile, Message.of(TO, FROM, text));
        assertEquals(text, back.body(), "the text read back from the webhook");
    }

    private void ucs2(ProviderProfile profile) throws Exception {
        String text = TEXTS.get("emoji");
        InterfaceConfig config = outbound(profile).with("val_unicode", "UCS-2");
        String sent = send(profile, config, Message.of(TO, FROM, text), profile.acceptedStatus, profile.acceptedBody).request().fields().get(profile.bodyField);
        StringBuilder expected = new StringBuilder();
        text.codePoints().forEach(cp -> expected.append(Character.isSupplementaryCodePoint(cp) ? '\uFFFD' : (char) cp));
        assertEquals(expected.toString(), sent);
    }

    private void flag(ProviderProfile profile) throws Exception {
        InterfaceConfig config = outbound(profile).with("val_unicode", "unicode_flag=1");
        Map<String, String> withEmoji = send(profile, config, Message.of(TO, FROM, "smile 😀"), profile.acceptedStatus, profile.acceptedBody).request().fields();
        assertEquals("1", withEmoji.get("unicode_flag"), "the flag field with an emoji: " + withEmoji);
        Map<String, String> plain = send(profile, config, Message.of(TO, FROM, "plain ü"), profile.acceptedStatus, profile.acceptedBody).request().fields();
        assertFalse(plain.containsKey("unicode_flag"), "no flag field without one: " + plain);
    }

    private void numbers(ProviderProfile profile) throws Exception {
        for (String number : List.of("+46701234567", "46701234567", "0046701234567")) {
            Map<String, String> fields = send(profile, outbound(profile), Message.of(number, number, "x"), profile.acceptedStatus, profile.acceptedBody)
                    .request().fields();
            assertEquals(profile.numberOnWire.apply(number), fields.get(profile.toField), "destination " + number + " in " + fields);
            assertEquals(profile.numberOnWire.apply(number), fields.get(profile.fromField), "sender " + number + " in " + fields);
        }
    }

    private void credentials(ProviderProfile profile) throws Exception {
        CapturedRequest request = send(profile, outbound(profile), Message.of(TO, FROM, "x"), profile.acceptedStatus, profile.acceptedBody).request();
        assertTrue(profile.credentials.test(request), "the credentials are not in the request (headers " + request.headers().keySet()
                + ", fields " + request.fields().keySet() + ")");
    }

    private void replies(ProviderProfile profile) throws Exception {
        InterfaceConfig config = outbound(profile);
        Provider provider = provider(profile);
        Message message = Message.of(TO, FROM, "x");
        assertOutcome(SendResult.Outcome.SENT, provider, config, send(profile, config, message, profile.acceptedStatus, profile.acceptedBody), "acceptance");
        assertOutcome(SendResult.Outcome.REJECTED, provider, config, send(profile, config, message, profile.rejectedStatus, profile.rejectedBody), "rejection");
        assertOutcome(SendResult.Outcome.FAILED, provider, config, send(profile, config, message, 429, "{\"message\":\"Too many requests\"}"), "429");
        assertOutcome(SendResult.Outcome.FAILED, provider, config, send(profile, config, message, 500, "{\"status\":\"success\"}"), "500, whatever its body says");
        assertOutcome(SendResult.Outcome.FAILED, provider, config, send(profile, config, message, 503, ""), "503");
        assertOutcome(profile.malformedReply, provider, config, send(profile, config, message, 200, "<html>Service temporarily unavailable"), "a malformed reply");
    }

    private static void assertOutcome(SendResult.Outcome expected, Provider provider, InterfaceConfig config, FakeItsp.Exchange exchange, String what) {
        SendResult result;
        try {
            result = provider.responseChecker(config).check(exchange.response(), config);
        } catch (RuntimeException e) {
            throw new AssertionError("responseChecker() threw on " + what + " instead of returning a result", e);
        }
        assertNotNull(result, "responseChecker() returned null for " + what);
        assertEquals(expected, result.outcome(), what + ": " + result);
        if (expected != SendResult.Outcome.SENT) {
            assertFalse(result.reason().isBlank(), "a failure says why: " + what);
        }
    }

    private void secrets(ProviderProfile profile) throws Exception {
        InterfaceConfig out = outbound(profile);
        List<String> secrets = new ArrayList<>(secrets(out));
        secrets.addAll(secrets(profile.inbound));
        assertFalse(secrets.isEmpty(), "put a secret in the profile's configuration (putSecret) so that the kit can check it never shows");
        List<String> shown = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            Provider provider = provider(profile);
            shown.add(out.toString());
            shown.add(profile.inbound.toString());
            OutboundRequest request = request(profile, out, Message.of(TO, FROM, "x"));
            shown.add(request.toString());
            shown.add(request.headers().toString());
            for (int status : new int[] {profile.rejectedStatus, 401, 500}) {
                SendResult result = provider.responseChecker(out).check(itsp.exchange(request, status, "{\"message\":\"refused\"}").response(), out);
                shown.add(result.toString());
            }
            InboundRequest unsigned = profile.webhook.apply(Message.of(TO, FROM, "x"));
            try {
                provider.signatureVerifier(profile.inbound).verify(forged(unsigned), profile.inbound);
            } catch (WebhookException e) {
                shown.add(e.getMessage());
            }
            try {
                provider.webhookParser(profile.inbound).parse(InboundRequest.builder().build(), profile.inbound);
            } catch (WebhookException | RuntimeException e) {
                shown.add(String.valueOf(e.getMessage())); // a wrong exception type is another check's business
            }
            shown.addAll(logs.lines());
        }
        for (String secret : secrets) {
            for (String text : shown) {
                assertFalse(text.contains(secret), "a secret shows in: " + text.replace(secret, "<the secret>"));
            }
        }
    }

    private static InboundRequest forged(InboundRequest request) {
        return InboundRequest.builder().method(request.method()).path(request.path()).publicUrl(request.publicUrl())
                .headers(request.headers().with("Signature", "Zm9yZ2Vk").with("X-Twilio-Signature", "Zm9yZ2Vk")
                        .with("Authorization", "Basic Zm9yZ2Vk")).clientAddress(request.clientAddress()).body(request.body()).build();
    }

    private static List<String> secrets(InterfaceConfig config) {
        List<String> secrets = new ArrayList<>();
        for (String key : config.keys()) {
            if (config.isSecret(key) && config.value(key).length() >= 4) {
                secrets.add(config.value(key));
            }
        }
        return secrets;
    }

    // ---- receiving

    private static Message parse(ProviderProfile profile, Message message) throws Exception {
        Provider provider = provider(profile);
        InboundRequest request = profile.webhook.apply(message);
        if (profile.signer != null) {
            request = profile.signer.apply(request);
        }
        provider.signatureVerifier(profile.inbound).verify(request, profile.inbound);
        assertEquals(Optional.empty(), provider.echoHandler(profile.inbound).echo(request, profile.inbound), "an ordinary webhook is no handshake");
        Message parsed = provider.webhookParser(profile.inbound).parse(request, profile.inbound);
        assertNotNull(parsed, "webhookParser().parse() returned null");
        return parsed;
    }

    private static void inboundNumbers(ProviderProfile profile) throws Exception {
        for (String number : List.of("+46701234567", "46701234567")) {
            Message parsed = parse(profile, Message.of(number, "+15017122661", "x"));
            assertEquals(number, parsed.to(), "the destination as the ITSP sent it");
            assertEquals("+15017122661", parsed.from(), "the sender as the ITSP sent it");
        }
    }

    private static void echo(ProviderProfile profile) throws Exception {
        Provider provider = provider(profile);
        if (profile.echo != null) {
            Optional<WebhookReply> reply = provider.echoHandler(profile.inbound).echo(profile.echo, profile.inbound);
            assertTrue(reply.isPresent(), "the handshake is not answered");
            assertEquals(200, reply.get().status());
            assertEquals(profile.echoReply, reply.get().body(), "the answer to the handshake, exactly");
        }
        parse(profile, Message.of(TO, FROM, "no handshake"));
    }

    private static void ack(ProviderProfile profile) throws Exception {
        Message message = parse(profile, Message.of(TO, FROM, "stored"));
        assertEquals(profile.ack, provider(profile).acknowledger(profile.inbound).ack(message, profile.inbound));
    }

    /** An ITSP retries a webhook answered 4xx or 5xx, or turns it off: one that carries no message is answered 2xx. */
    private static void ackIgnored(ProviderProfile profile) {
        WebhookReply reply = provider(profile).acknowledger(profile.inbound).ackIgnored(profile.inbound);
        assertNotNull(reply, "ackIgnored() returned null");
        assertTrue(reply.status() >= 200 && reply.status() < 300, "an authentic call without a message got " + reply.status()
                + ": the ITSP would send it again or turn the webhook off; answer 2xx (the default is 204)");
    }

    private static void missingFields(ProviderProfile profile) {
        Provider provider = provider(profile);
        InboundRequest empty = InboundRequest.builder().build();
        try {
            provider.webhookParser(profile.inbound).parse(empty, profile.inbound);
            fail("a webhook without fields was read as a message");
        } catch (WebhookException e) {
            assertEquals(400, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            throw new AssertionError("webhookParser().parse() threw " + e + " instead of WebhookException.badRequest", e);
        }
    }

    private static void badNumbers(ProviderProfile profile) throws Exception {
        Provider provider = provider(profile);
        for (String to : List.of("+1202555\r\nApplication: System", "+1202;x", "call-me")) {
            InboundRequest request = profile.webhook.apply(Message.of(to, FROM, "x"));
            if (profile.signer != null) {
                request = profile.signer.apply(request);
            }
            try {
                Message parsed = provider.webhookParser(profile.inbound).parse(request, profile.inbound);
                fail("the destination " + to.replace("\r\n", "\\r\\n") + " was accepted as " + parsed.to().replace("\r\n", "\\r\\n"));
            } catch (WebhookException e) {
                assertEquals(400, e.status(), e.getMessage());
            }
        }
    }

    private static void signatures(ProviderProfile profile) throws Exception {
        Provider provider = provider(profile);
        InboundRequest unsigned = profile.webhook.apply(Message.of(TO, FROM, "signed text"));
        if (profile.signer == null) {
            provider.signatureVerifier(profile.inbound).verify(unsigned, profile.inbound);
            return;
        }
        provider.signatureVerifier(profile.inbound).verify(profile.signer.apply(unsigned), profile.inbound);
        assertRefused(provider, profile, unsigned, "an unsigned webhook");
        InboundRequest signed = profile.signer.apply(unsigned);
        InboundRequest other = profile.webhook.apply(Message.of(TO, FROM, "tampered text"));
        InboundRequest.Builder copy = InboundRequest.builder().method(other.method()).path(other.path()).publicUrl(other.publicUrl())
                .headers(signed.headers()).clientAddress(other.clientAddress()).body(other.body());
        other.query().forEach((k, values) -> values.forEach(v -> copy.queryParameter(k, v)));
        other.fields().forEach((k, values) -> values.forEach(v -> copy.field(k, v)));
        assertRefused(provider, profile, copy.build(), "a webhook whose text was changed after signing");
    }

    /** The replay check's name, where it applies. */
    static final String REPLAY = "a webhook signed longer ago than the tolerance is refused with 403, a fresh one is taken";

    private static void replay(ProviderProfile profile) throws Exception {
        Provider provider = provider(profile);
        InboundRequest unsigned = profile.webhook.apply(Message.of(TO, FROM, "replayed text"));
        if (profile.signer == null || profile.withoutTimestamp != null) {
            // Not applicable, and said so: what can be seen is that the webhook, as the profile signs it, is taken.
            Message taken = receive(provider, profile, profile.signer == null ? unsigned : profile.signer.apply(unsigned));
            assertEquals("replayed text", taken.body());
            return;
        }
        if (profile.timestampSigner == null) {
            fail("the profile signs webhooks but does not say whether the ITSP's signature carries a timestamp: give "
                    + "signer((request, signedAt) -> …, tolerance) so that the kit checks that an old one is refused, or "
                    + "signatureWithoutTimestamp(why) when the scheme has none");
        }
        Instant now = Instant.now();
        Duration tolerance = profile.tolerance;
        for (Instant fresh : List.of(now, now.minus(tolerance.dividedBy(2)))) {
            try {
                assertEquals("replayed text", receive(provider, profile, profile.timestampSigner.apply(unsigned, fresh)).body());
            } catch (WebhookException e) {
                throw new AssertionError("a webhook signed " + Duration.between(fresh, now).toSeconds() + " s ago, within the "
                        + "tolerance of " + tolerance.toSeconds() + " s the profile declares, was refused (" + e.status() + " " + e.getMessage() + ")", e);
            }
        }
        // Past the tolerance by a minute, so that neither a slow run nor a timestamp in whole seconds brings it back.
        Instant stale = now.minus(tolerance).minusSeconds(60);
        String age = Duration.between(stale, now).toSeconds() + " s ago, beyond the tolerance of " + tolerance.toSeconds() + " s,";
        try {
            receive(provider, profile, profile.timestampSigner.apply(unsigned, stale));
            fail("a webhook signed correctly " + age + " was taken: check its timestamp with Signatures.isFresh(signedAt, now, tolerance); "
                    + "a signature is only worth its timestamp, else a recorded webhook can be replayed for ever");
        } catch (WebhookException e) {
            assertTrue(e.status() == 401 || e.status() == 403, "a webhook signed " + age + " was refused with " + e.status()
                    + " (" + e.getMessage() + "): a stale signature is no proof of who sent it, WebhookException.forbidden");
        }
    }

    /** Verifies and reads {@code request} as websms does before it stores anything: the signature, then every message. */
    private static Message receive(Provider provider, ProviderProfile profile, InboundRequest request) throws WebhookException {
        provider.signatureVerifier(profile.inbound).verify(request, profile.inbound);
        List<Message> messages = provider.webhookParser(profile.inbound).parseAll(request, profile.inbound);
        assertEquals(1, messages.size(), "the webhook for one message gives one: " + messages);
        return messages.get(0);
    }

    private static void assertRefused(Provider provider, ProviderProfile profile, InboundRequest request, String what) {
        try {
            provider.signatureVerifier(profile.inbound).verify(request, profile.inbound);
            fail(what + " was accepted");
        } catch (WebhookException e) {
            assertEquals(403, e.status(), what + ": " + e.getMessage());
        }
    }

    // ---- status callbacks

    /** The id the kit's status callbacks give their message. */
    private static final String STATUS_ID = "SMconformance0001";

    /** A status word no ITSP documents. */
    private static final String UNKNOWN_STATUS = "websms-conformance-unknown";

    private void noStatusParser(ProviderProfile profile) {
        StatusParser parser = provider(profile).statusParser(outbound(profile));
        assertTrue(parser == null, "statusParser() returns a parser: describe the ITSP's callbacks in the profile with "
                + "statusCallbacks(…) (and statusSigner(…) if it signs them), so that the kit can check them");
    }

    private StatusParser statusParser(ProviderProfile profile, InterfaceConfig config) {
        StatusParser parser = provider(profile).statusParser(config);
        assertNotNull(parser, "the profile describes status callbacks, but statusParser() returns null for the outgoing configuration");
        return parser;
    }

    /** The ITSP's callback for {@code id} and {@code word}, signed when the provider signs. */
    private static InboundRequest statusCallback(ProviderProfile profile, String id, String word) {
        InboundRequest request = profile.statusCallback.apply(id, word);
        return profile.statusSigner == null ? request : profile.statusSigner.apply(request);
    }

    /** Verifies and parses as websms does: the signature first, with the same outgoing configuration. */
    private List<StatusReport> readStatus(ProviderProfile profile, InterfaceConfig config, InboundRequest request) throws Exception {
        StatusParser parser = statusParser(profile, config);
        provider(profile).signatureVerifier(config).verify(request, config);
        List<StatusReport> reports;
        try {
            reports = parser.parse(request, config);
        } catch (RuntimeException e) {
            throw new AssertionError("statusParser().parse() threw " + e + " instead of returning reports or WebhookException.badRequest", e);
        }
        assertNotNull(reports, "statusParser().parse() returned null; return an empty list for a callback without a status");
        return reports;
    }

    private void documentedStatuses(ProviderProfile profile) throws Exception {
        InterfaceConfig config = outbound(profile);
        for (Map.Entry<String, DeliveryStatus> word : profile.statusWords.entrySet()) {
            List<StatusReport> reports = readStatus(profile, config, statusCallback(profile, STATUS_ID, word.getKey()));
            assertEquals(1, reports.size(), "the callback for '" + word.getKey() + "' gives one report: " + reports);
            StatusReport report = reports.get(0);
            assertEquals(STATUS_ID, report.messageId(), "the message id of the callback for '" + word.getKey() + "'");
            assertEquals(Optional.of(word.getValue()), report.status(), "what '" + word.getKey() + "' maps to");
            assertEquals(word.getKey(), report.rawStatus(), "the ITSP's own word, as sent");
        }
    }

    private void unknownStatus(ProviderProfile profile) throws Exception {
        InterfaceConfig config = outbound(profile);
        List<StatusReport> reports;
        try {
            reports = readStatus(profile, config, statusCallback(profile, STATUS_ID, UNKNOWN_STATUS));
        } catch (WebhookException e) {
            throw new AssertionError("a status word the provider does not know was refused (" + e.status() + " " + e.getMessage()
                    + "): report it with an empty status, websms counts it", e);
        }
        assertEquals(1, reports.size(), "the callback with an unknown status gives one report: " + reports);
        assertEquals(STATUS_ID, reports.get(0).messageId());
        assertEquals(Optional.empty(), reports.get(0).status(), "an unknown word maps to no status");
        assertEquals(UNKNOWN_STATUS, reports.get(0).rawStatus(), "the ITSP's own word, as sent");
    }

    private void emptyStatusCallback(ProviderProfile profile) {
        InterfaceConfig config = outbound(profile);
        StatusParser parser = statusParser(profile, config);
        try {
            List<StatusReport> reports = parser.parse(InboundRequest.builder().build(), config);
            assertNotNull(reports, "statusParser().parse() returned null for an empty callback");
            assertEquals(List.of(), reports, "an empty callback holds no report");
        } catch (WebhookException e) {
            assertEquals(400, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            throw new AssertionError("statusParser().parse() threw " + e + " on an empty callback instead of WebhookException.badRequest", e);
        }
    }

    private void statusSignatures(ProviderProfile profile) throws Exception {
        InterfaceConfig config = outbound(profile);
        String word = profile.statusWords.keySet().iterator().next();
        InboundRequest unsigned = profile.statusCallback.apply(STATUS_ID, word);
        if (profile.statusSigner == null) {
            readStatus(profile, config, unsigned);
            return;
        }
        InboundRequest signed = profile.statusSigner.apply(unsigned);
        readStatus(profile, config, signed);
        assertStatusRefused(profile, config, unsigned, "an unsigned status callback");
        List<Headers.Field> forgedHeaders = new ArrayList<>();
        boolean changed = false;
        for (Headers.Field field : signed.headers().fields()) {
            boolean added = !unsigned.headers().all(field.name()).contains(field.value());
            forgedHeaders.add(added ? new Headers.Field(field.name(), "Zm9yZ2Vk") : field);
            changed |= added;
        }
        if (changed) {
            assertStatusRefused(profile, config, copy(signed, Headers.of(forgedHeaders)), "a status callback with a forged signature");
        }
        InboundRequest other = profile.statusCallback.apply("SMconformance0002", word);
        assertStatusRefused(profile, config, copy(other, signed.headers()), "a status callback whose message id was changed after signing");
    }

    /** {@code request} with {@code headers} instead of its own. */
    private static InboundRequest copy(InboundRequest request, Headers headers) {
        InboundRequest.Builder copy = InboundRequest.builder().method(request.method()).path(request.path()).publicUrl(request.publicUrl())
                .target(request.target()).headers(headers).clientAddress(request.clientAddress()).body(request.body());
        request.query().forEach((k, values) -> values.forEach(v -> copy.queryParameter(k, v)));
        request.fields().forEach((k, values) -> values.forEach(v -> copy.field(k, v)));
        return copy.build();
    }

    private static void assertStatusRefused(ProviderProfile profile, InterfaceConfig config, InboundRequest request, String what) {
        try {
            provider(profile).signatureVerifier(config).verify(request, config);
            fail(what + " was accepted by signatureVerifier() given the outgoing configuration");
        } catch (WebhookException e) {
            assertEquals(403, e.status(), what + ": " + e.getMessage());
        }
    }
}
