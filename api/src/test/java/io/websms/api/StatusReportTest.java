package io.websms.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusReportTest {

    @Test
    void wireNamesAreLowerCaseAndReadBackInAnyCase() {
        assertEquals("undelivered", DeliveryStatus.UNDELIVERED.wireName());
        for (DeliveryStatus status : DeliveryStatus.values()) {
            assertEquals(Optional.of(status), DeliveryStatus.fromWireName(status.wireName()));
            assertEquals(Optional.of(status), DeliveryStatus.fromWireName(status.name()));
        }
        assertEquals(Optional.empty(), DeliveryStatus.fromWireName("DELIVRD"));
        assertEquals(Optional.empty(), DeliveryStatus.fromWireName(null));
    }

    @Test
    void onlyTheEndsOfAMessagesLifeAreFinal() {
        assertFalse(DeliveryStatus.ACCEPTED.isFinal());
        assertFalse(DeliveryStatus.QUEUED.isFinal());
        assertFalse(DeliveryStatus.SENT.isFinal());
        for (DeliveryStatus status : new DeliveryStatus[] {DeliveryStatus.DELIVERED, DeliveryStatus.UNDELIVERED,
                DeliveryStatus.FAILED, DeliveryStatus.REJECTED, DeliveryStatus.EXPIRED}) {
            assertTrue(status.isFinal(), status.wireName());
        }
    }

    @Test
    void aReportHoldsWhatTheCallbackSaid() {
        Instant at = Instant.parse("2026-11-02T10:15:30Z");
        StatusReport report = StatusReport.builder("SM0123").status(DeliveryStatus.UNDELIVERED).rawStatus("undelivered")
                .errorCode(" 30007 ").errorText("Message filtered").time(at).build();
        assertEquals("SM0123", report.messageId());
        assertEquals(Optional.of(DeliveryStatus.UNDELIVERED), report.status());
        assertEquals("undelivered", report.rawStatus());
        assertEquals(Optional.of("30007"), report.errorCode());
        assertEquals(Optional.of("Message filtered"), report.errorText());
        assertEquals(Optional.of(at), report.time());
        assertEquals(report, report.toBuilder().build());
        assertEquals(report.hashCode(), report.toBuilder().build().hashCode());
    }

    @Test
    void anUnmappedStatusAndBlankErrorsAreEmpty() {
        StatusReport report = StatusReport.builder("id-1").rawStatus("partially_delivered").errorCode("").errorText("  ").build();
        assertEquals(Optional.empty(), report.status());
        assertEquals(Optional.empty(), report.errorCode());
        assertEquals(Optional.empty(), report.errorText());
        assertEquals(Optional.empty(), report.time());
        assertEquals("StatusReport[id=id-1, status=unmapped, raw=partially_delivered]", report.toString());
    }

    @Test
    void aReportNeedsTheMessageId() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> StatusReport.builder(" "));
        assertEquals("A status report needs the ITSP's message id; it is blank", blank.getMessage());
        assertThrows(NullPointerException.class, () -> StatusReport.builder(null));
    }

    @Test
    void toStringCannotForgeALogLineNorCarryTheErrorText() {
        StatusReport report = StatusReport.builder("id\nINFO forged").rawStatus("sent\r\n").errorText("secret words of the ITSP").build();
        assertEquals("StatusReport[id=id\\nINFO forged, status=unmapped, raw=sent\\r\\n, error text 24 chars]", report.toString());
    }

    @Test
    void aProviderReadsNoStatusCallbacksByDefault() {
        Provider provider = new Provider() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public String description() {
                return "no callbacks";
            }

            @Override
            public RequestMapper requestMapper(InterfaceConfig config) {
                return null;
            }

            @Override
            public ResponseChecker responseChecker(InterfaceConfig config) {
                return null;
            }

            @Override
            public WebhookParser webhookParser(InterfaceConfig config) {
                return null;
            }
        };
        assertEquals(null, provider.statusParser(InterfaceConfig.builder(Direction.OUTBOUND).build()));
    }
}
