package io.websms.conformance;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.WebhookReply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** A kit that cannot fail is no kit: each deliberately broken provider fails exactly the check it breaks. */
class ConformanceKitTest {

    static ProviderProfile profile(FakeProvider.Break broken) {
        return profile(ProviderProfile.builder(new FakeProvider(broken)));
    }

    /** The fake's profile without its status callbacks, as a provider that reads none describes itself. */
    static ProviderProfile withoutStatusCallbacks(FakeProvider.Break broken) {
        return base(ProviderProfile.builder(new FakeProvider(broken))).build();
    }

    /** The fake's profile for a provider looked up by name, as a plugin's is. */
    static ProviderProfile registered(String name) {
        return profile(ProviderProfile.builder(name));
    }

    /** The fake ITSP's signature now. */
    static InboundRequest sign(InboundRequest request) {
        return sign(request, Instant.now());
    }

    /** The fake ITSP's signature at {@code signedAt}: X-Sig over X-Sig-Time and every parameter. */
    static InboundRequest sign(InboundRequest request, Instant signedAt) {
        String time = Long.toString(signedAt.getEpochSecond());
        InboundRequest.Builder signed = InboundRequest.builder().headers(Headers.of(List.of(new Headers.Field("X-Sig-Time", time),
                new Headers.Field("X-Sig", FakeProvider.sign(FakeProvider.canonical(time, request))))));
        request.fields().forEach((k, values) -> values.forEach(v -> signed.field(k, v)));
        return signed.build();
    }

    private static ProviderProfile profile(ProviderProfile.Builder builder) {
        return statusCallbacks(base(builder)).statusSigner(ConformanceKitTest::sign).build();
    }

    private static ProviderProfile.Builder statusCallbacks(ProviderProfile.Builder builder) {
        Map<String, DeliveryStatus> documented = new LinkedHashMap<>();
        documented.put("DELIVRD", DeliveryStatus.DELIVERED);
        documented.put("UNDELIV", DeliveryStatus.UNDELIVERED);
        documented.put("ENROUTE", DeliveryStatus.SENT);
        return builder.statusCallbacks((id, status) -> InboundRequest.builder().field("MessageId", id).field("Status", status).build(), documented);
    }

    /** The fake's profile, its webhooks signed with a timestamp. */
    private static ProviderProfile.Builder base(ProviderProfile.Builder builder) {
        return unsigned(builder).signer(ConformanceKitTest::sign, FakeProvider.TOLERANCE);
    }

    private static ProviderProfile.Builder unsigned(ProviderProfile.Builder builder) {
        return builder
                .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("fake").put("url_host", itsp)
                        .put("auth_user", "user-1").putSecret("auth_secret", FakeProvider.SECRET).build())
                .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("fake").putSecret("auth_secret", FakeProvider.SECRET).build())
                .wireFields("To", "From", "Body")
                .credentials(request -> request.header("X-Api-Key").equals("user-1"))
                .accepted(200, "{\"status\":\"ok\"}")
                .rejected(400, "{\"status\":\"bad number\"}")
                .webhook(m -> InboundRequest.builder().field("To", m.to()).field("From", m.from()).field("Body", m.body()).build())
                .echo(InboundRequest.builder().method("GET").queryParameter("echo", "ping-42").build(), "ping-42")
                .ack(WebhookReply.text("OK"));
    }

    static Stream<Arguments> brokenProviders() {
        return Stream.of(
                arguments(Kit.Correct.class, Set.of()),
                arguments(Kit.DropsEmoji.class, Set.of("emoji reaches the ITSP and comes back", "UCS-2 replaces characters beyond U+FFFF")),
                arguments(Kit.IgnoresUcs2.class, Set.of("UCS-2 replaces characters beyond U+FFFF")),
                arguments(Kit.StripsPlus.class, Set.of("numbers are sent in the declared form")),
                arguments(Kit.FiveXxIsSent.class, Set.of("acceptance, rejection, 429, 5xx and a malformed reply are classified right")),
                arguments(Kit.ThrowsOnMalformedReply.class, Set.of("acceptance, rejection, 429, 5xx and a malformed reply are classified right")),
                arguments(Kit.EchoAddsNewline.class, Set.of("the handshake is answered exactly, an ordinary webhook is none")),
                arguments(Kit.AckAsHtml.class, Set.of("a stored message gets the declared ack")),
                arguments(Kit.IgnoredAs400.class, Set.of("an authentic call without a message is answered 2xx")),
                arguments(Kit.ParserLatin1.class, Set.of("Latin-1 reaches the ITSP and comes back", "Cyrillic reaches the ITSP and comes back",
                        "CJK reaches the ITSP and comes back", "combining marks reaches the ITSP and comes back", "emoji reaches the ITSP and comes back")),
                arguments(Kit.AcceptsAnySignature.class, Set.of("unsigned and tampered webhooks are refused with 403",
                        "unsigned, forged and tampered status callbacks are refused with 403", ProviderConformance.REPLAY)),
                arguments(Kit.IgnoresTimestamp.class, Set.of(ProviderConformance.REPLAY)),
                arguments(Kit.LeaksSecret.class, Set.of("no secret shows in toString, reasons, exceptions or logs")),
                arguments(Kit.NoCredentials.class, Set.of("credentials are applied")),
                arguments(Kit.ParserThrows.class, Set.of("a webhook without its fields is a 400")),
                arguments(Kit.AcceptsAnyNumber.class, Set.of("a number with a line break or letters is refused with 400")),
                arguments(Kit.StatusMapsWrong.class, Set.of("each documented status maps as declared")),
                arguments(Kit.StatusRefusesUnknown.class, Set.of("an unknown status is counted, not refused")),
                arguments(Kit.StatusNpeOnEmpty.class, Set.of("an empty status callback is a 400 or no report")),
                arguments(Kit.StatusFixturesWithoutParser.class, Set.of("each documented status maps as declared", "an unknown status is counted, not refused",
                        "an empty status callback is a 400 or no report", "unsigned, forged and tampered status callbacks are refused with 403")));
    }

    /** A provider that reads no status callbacks passes the one check that says so; one that reads them must describe them. */
    static Stream<Arguments> statusCallbacksUndescribed() {
        return Stream.of(
                arguments(Kit.NoStatusCallbacks.class, Set.of()),
                arguments(Kit.StatusParserUndescribed.class, Set.of("the provider reads no status callbacks (statusParser is null): nothing more to check")));
    }

    /**
     * Where a signature has no timestamp, or there is none, the replay check says it does not apply; a profile that
     * signs must say which.
     */
    static Stream<Arguments> replayDeclarations() {
        return Stream.of(
                arguments(Kit.SignatureWithoutTimestamp.class, "no replay check: the signature has no timestamp (declared for this test)", Set.of()),
                arguments(Kit.DoesNotSign.class, "no replay check: the provider does not sign", Set.of()),
                arguments(Kit.TimestampUndeclared.class, ProviderConformance.REPLAY, Set.of(ProviderConformance.REPLAY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replayDeclarations")
    void aProfileSaysWhetherItsSignatureHasATimestamp(Class<?> kit, String replayCheck, Set<String> expectedFailures) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute();
        Set<String> failed = new TreeSet<>();
        for (Event event : results.testEvents().failed().list()) {
            failed.add(event.getTestDescriptor().getDisplayName());
        }
        assertEquals(expectedFailures, failed);
        assertEquals(1, results.testEvents().finished().list().stream().filter(e -> e.getTestDescriptor().getDisplayName().equals(replayCheck)).count(),
                "the replay check is reported as: " + replayCheck);
        assertEquals(24, results.testEvents().finished().count(), "every check but registration's ran");
        assertEquals(0, results.testEvents().skipped().count(), "nothing is skipped");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusCallbacksUndescribed")
    void aProfileWithoutStatusCallbacksHasOneStatusCheck(Class<?> kit, Set<String> expectedFailures) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute();
        Set<String> failed = new TreeSet<>();
        for (Event event : results.testEvents().failed().list()) {
            failed.add(event.getTestDescriptor().getDisplayName());
        }
        assertEquals(expectedFailures, failed);
        assertEquals(21, results.testEvents().finished().count(), "20 checks and the one that says there are no status callbacks");
        assertEquals(0, results.testEvents().skipped().count(), "nothing is skipped");
    }

    static Stream<Arguments> badlyRegisteredProviders() {
        return Stream.of(
                arguments(Kit.BadlyNamed.class, "name and description are well formed"),
                arguments(Kit.DuplicateKeys.class, "each key is declared once per section"),
                arguments(Kit.NotRegistered.class, "ServiceLoader finds it by name, exactly once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badlyRegisteredProviders")
    void aBadlyRegisteredProviderFailsRegistration(Class<?> kit, String expectedFailure) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute();
        Set<String> failed = new TreeSet<>();
        for (Event event : results.testEvents().failed().list()) {
            failed.add(event.getTestDescriptor().getDisplayName());
        }
        if (kit == Kit.NotRegistered.class) {
            assertEquals(27, failed.size(), "nothing can be checked of a provider that is not there: " + failed);
        } else {
            assertEquals(Set.of(expectedFailure), failed);
        }
        assertEquals(27, results.testEvents().finished().count(), "registration's checks ran too");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenProviders")
    void eachBrokenProviderFailsTheCheckItBreaks(Class<?> kit, Set<String> expectedFailures) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute();
        Set<String> failed = new TreeSet<>();
        for (Event event : results.testEvents().failed().list()) {
            failed.add(event.getTestDescriptor().getDisplayName());
        }
        assertEquals(new TreeSet<>(expectedFailures), failed);
        assertEquals(24, results.testEvents().finished().count(), "every check but registration's (an unregistered provider) ran");
    }

    /** The kit run on each variant; nested, so that the build does not run them as tests of their own. */
    static final class Kit {
        static class BadlyNamed extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.registered("Bad Name");
            }
        }

        static class DuplicateKeys extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.registered("dupkeys");
            }
        }

        static class NotRegistered extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.registered("no-such-provider");
            }
        }

        static class Correct extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.NOTHING);
            }
        }

        static class DropsEmoji extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.DROPS_EMOJI);
            }
        }

        static class IgnoresUcs2 extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.IGNORES_UCS2);
            }
        }

        static class StripsPlus extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.STRIPS_PLUS);
            }
        }

        static class FiveXxIsSent extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.FIVE_XX_IS_SENT);
            }
        }

        static class ThrowsOnMalformedReply extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.THROWS_ON_MALFORMED_REPLY);
            }
        }

        static class EchoAddsNewline extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.ECHO_ADDS_NEWLINE);
            }
        }

        static class IgnoredAs400 extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.IGNORED_AS_400);
            }
        }

        static class AckAsHtml extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.ACK_AS_HTML);
            }
        }

        static class ParserLatin1 extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.PARSER_LATIN1);
            }
        }

        static class AcceptsAnySignature extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.ACCEPTS_ANY_SIGNATURE);
            }
        }

        static class LeaksSecret extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.LEAKS_SECRET);
            }
        }

        static class NoCredentials extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.NO_CREDENTIALS);
            }
        }

        static class AcceptsAnyNumber extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.ACCEPTS_ANY_NUMBER);
            }
        }

        static class StatusMapsWrong extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.STATUS_MAPS_WRONG);
            }
        }

        static class StatusRefusesUnknown extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.STATUS_REFUSES_UNKNOWN);
            }
        }

        static class StatusNpeOnEmpty extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.STATUS_NPE_ON_EMPTY);
            }
        }

        static class StatusFixturesWithoutParser extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.NO_STATUS_PARSER);
            }
        }

        static class NoStatusCallbacks extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.withoutStatusCallbacks(FakeProvider.Break.NO_STATUS_PARSER);
            }
        }

        static class StatusParserUndescribed extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.withoutStatusCallbacks(FakeProvider.Break.NOTHING);
            }
        }

        static class IgnoresTimestamp extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.IGNORES_TIMESTAMP);
            }
        }

        /** Signs without saying whether the signature has a timestamp. */
        static class TimestampUndeclared extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return statusCallbacks(base(ProviderProfile.builder(new FakeProvider(FakeProvider.Break.NOTHING))))
                        .signer(ConformanceKitTest::sign).statusSigner(ConformanceKitTest::sign).build();
            }
        }

        static class SignatureWithoutTimestamp extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return statusCallbacks(base(ProviderProfile.builder(new FakeProvider(FakeProvider.Break.NOTHING))))
                        .signer(ConformanceKitTest::sign).signatureWithoutTimestamp("declared for this test")
                        .statusSigner(ConformanceKitTest::sign).build();
            }
        }

        static class DoesNotSign extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return statusCallbacks(unsigned(ProviderProfile.builder(new FakeProvider(FakeProvider.Break.DOES_NOT_SIGN)))).build();
            }
        }

        static class ParserThrows extends ProviderConformance {
            @Override
            protected ProviderProfile profile() {
                return ConformanceKitTest.profile(FakeProvider.Break.PARSER_THROWS);
            }
        }
    }
}
