package io.websms.runtime.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text the scrape returns, line by line. */
class MetricsTest {

    @Test
    void labelValuesAreEscapedSoThatNoValueBreaksALine() {
        Metrics metrics = new Metrics();
        metrics.outbound("a\"b\\c\nd", Metrics.SENT);
        assertTrue(metrics.scrape().contains("websms_messages_total{direction=\"out\",interface=\"a\\\"b\\\\c\\nd\",result=\"sent\"} 1\n"),
                metrics.scrape());
    }

    @Test
    void helpTextIsEscapedToo() {
        Metrics metrics = new Metrics();
        metrics.gauge("websms_test", "a \\ b\nc", () -> 1);
        assertTrue(metrics.scrape().contains("# HELP websms_test a \\\\ b\\nc\n# TYPE websms_test gauge\nwebsms_test 1\n"), metrics.scrape());
    }

    @Test
    void theInterfaceWithoutAnIndexIsCalledDash() {
        Metrics metrics = new Metrics();
        metrics.inbound("", Metrics.STORED);
        metrics.inbound("", Metrics.STORED);
        metrics.inbound("2", Metrics.DUPLICATE);
        String text = metrics.scrape();
        assertTrue(text.contains("""
                # HELP websms_messages_total SMS handed to websms, by direction (in, out), interface index (- for none) and result; one count per message.
                # TYPE websms_messages_total counter
                websms_messages_total{direction="in",interface="-",result="stored"} 2
                websms_messages_total{direction="in",interface="2",result="duplicate"} 1
                """), text);
    }

    @Test
    void aHistogramWritesCumulativeBucketsSumAndCount() {
        Metrics metrics = new Metrics();
        HistogramFamily.Child latency = metrics.itspLatency().labels("1");
        latency.observe(0.004);
        latency.observe(0.2);
        latency.observe(0.2);
        latency.observe(45);
        String text = metrics.scrape();
        assertTrue(text.contains("""
                websms_itsp_request_duration_seconds_bucket{interface="1",le="0.005"} 1
                websms_itsp_request_duration_seconds_bucket{interface="1",le="0.01"} 1
                websms_itsp_request_duration_seconds_bucket{interface="1",le="0.025"} 1
                websms_itsp_request_duration_seconds_bucket{interface="1",le="0.05"} 1
                websms_itsp_request_duration_seconds_bucket{interface="1",le="0.1"} 1
                websms_itsp_request_duration_seconds_bucket{interface="1",le="0.25"} 3
                websms_itsp_request_duration_seconds_bucket{interface="1",le="0.5"} 3
                websms_itsp_request_duration_seconds_bucket{interface="1",le="1"} 3
                websms_itsp_request_duration_seconds_bucket{interface="1",le="2.5"} 3
                websms_itsp_request_duration_seconds_bucket{interface="1",le="5"} 3
                websms_itsp_request_duration_seconds_bucket{interface="1",le="10"} 3
                websms_itsp_request_duration_seconds_bucket{interface="1",le="30"} 3
                websms_itsp_request_duration_seconds_bucket{interface="1",le="+Inf"} 4
                websms_itsp_request_duration_seconds_sum{interface="1"} 45.404
                websms_itsp_request_duration_seconds_count{interface="1"} 4
                """), text);
    }

    @Test
    void gaugesAreReadAtEachScrape() {
        Metrics metrics = new Metrics();
        int[] waiting = {3};
        metrics.gauge("websms_outbox_messages", "Waiting.", () -> waiting[0]);
        assertTrue(metrics.scrape().contains("# TYPE websms_outbox_messages gauge\nwebsms_outbox_messages 3\n"));
        waiting[0] = 0;
        assertTrue(metrics.scrape().contains("\nwebsms_outbox_messages 0\n"));
    }

    @Test
    void theWrongNumberOfLabelValuesIsAProgrammingErrorNamingTheLabels() {
        Metrics metrics = new Metrics();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metrics.retries().inc("1"));
        assertEquals("websms_retries_total takes the labels [interface, stage], not 1 values", e.getMessage());
    }
}
