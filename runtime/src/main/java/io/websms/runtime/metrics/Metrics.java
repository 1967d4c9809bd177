package io.websms.runtime.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

/**
 * What the daemon counts, served as Prometheus text on the admin address ({@code GET /metrics}). Written by hand
 * rather than with a metrics library: a handful of families need a few hundred lines, not megabytes of dependencies.
 * Thread-safe; counting costs a {@link java.util.concurrent.atomic.LongAdder} increment.
 *
 * <p>Label values are interface indexes from websms.conf and fixed words, never numbers or text from a request,
 * so that no caller can grow the number of series.
 */
public final class Metrics {

    /** Result of an outgoing SMS: the ITSP took it. */
    public static final String SENT = "sent";
    /** Result of an outgoing SMS: the ITSP refused it for good. */
    public static final String REJECTED = "rejected";
    /** Result of an outgoing SMS: it could not be sent now and went to the outbox. */
    public static final String QUEUED = "queued";
    /** Result of an outgoing SMS: it could not be sent now and nothing will try again. */
    public static final String FAILED = "failed";
    /** Result of an outgoing SMS: websms refused it before sending (arguments, numbers, text, interface). */
    public static final String INVALID = "invalid";
    /** Result of a delivery from the outbox: the message waited longer than retry_max_age, or became unsendable. */
    public static final String EXPIRED = "expired";
    /** Result of an incoming SMS: its call file is in the spool and the ITSP was acknowledged. */
    public static final String STORED = "stored";
    /** Result of an incoming SMS: it was stored before; acknowledged again, no second call file. */
    public static final String DUPLICATE = "duplicate";
    /** Result of an incoming SMS: it could not be stored; the ITSP got 503 and delivers it again. */
    public static final String NOT_STORED = "not_stored";
    /** An authentic webhook that carried no message (another event type): acknowledged and ignored. */
    public static final String IGNORED = "ignored";

    private static final double[] LATENCY_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    /** From a second to a day: carriers report most deliveries within seconds, some after hours. */
    private static final double[] DELIVERY_BOUNDS = {1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400};

    private record Gauge(String name, String help, DoubleSupplier value) {
    }

    private final CounterFamily messages = new CounterFamily("websms_messages_total",
            "SMS handed to websms, by direction (in, out), interface index (- for none) and result; one count per message.",
            "direction", "interface", "result");
    private final CounterFamily outboxDeliveries = new CounterFamily("websms_outbox_deliveries_total",
            "Outgoing SMS that left the outbox, by interface and result (sent, rejected, expired).", "interface", "result");
    private final HistogramFamily itspLatency = new HistogramFamily("websms_itsp_request_duration_seconds",
            "Time of each HTTP request to an ITSP, until its reply or its failure, by interface.", LATENCY_BOUNDS, "interface");
    private final CounterFamily retries = new CounterFamily("websms_retries_total",
            "Outgoing SMS tried again, by interface and stage (request: within the sending call; outbox: a later delivery).",
            "interface", "stage");
    private final CounterFamily refused = new CounterFamily("websms_webhooks_refused_total",
            "Webhook requests answered without taking a message, by reason (address, path, signature, malformed, too_large, too_slow).",
            "reason");
    private final CounterFamily connectionsClosed = new CounterFamily("websms_webhook_connections_closed_total",
            "Webhook connections websms closed, by reason (too_many_from_address, head_timeout, idle_timeout).", "reason");
    private final CounterFamily handshakes = new CounterFamily("websms_webhook_handshakes_total",
            "Echo handshakes answered, by interface.", "interface");
    private final CounterFamily statusCallbacks = new CounterFamily("websms_status_callbacks_total",
            "Status reports from ITSP status callbacks, by outgoing interface and result (applied, duplicate, unknown_id, unknown_status; "
                    + "refused counts a whole callback answered 400 or 403).", "interface", "result");
    private final CounterFamily delivery = new CounterFamily("websms_delivery_total",
            "Status changes of outgoing SMS recorded in the message ledger, by interface and status (accepted, queued, sent, "
                    + "delivered, undelivered, failed, rejected, expired).", "interface", "status");
    private final HistogramFamily deliverySeconds = new HistogramFamily("websms_delivery_seconds",
            "Time from websms accepting an outgoing SMS to the ITSP reporting it delivered, by interface.", DELIVERY_BOUNDS, "interface");
    private final CounterFamily ledgerFailures = new CounterFamily("websms_ledger_failures_total",
            "Status changes of outgoing SMS the message ledger did not record, by reason (error: the write failed; full: "
                    + "too many waited to be written; unknown: no entry for the message); the SMS went on regardless.", "reason");
    private final CounterFamily amiDeliveries = new CounterFamily("websms_ami_deliveries_total",
            "Attempts to hand an incoming SMS in the inbox to Asterisk over the AMI, by result (delivered, held: it waits for a "
                    + "device or the AMI, expired: it became a dead letter).", "result");
    private final CounterFamily rateLimited = new CounterFamily("websms_rate_limited_total",
            "Outgoing SMS that had to wait for a rate limit (rate_limit, rate_limit_sender, or a 429's Retry-After), by interface and "
                    + "how (waited: sent within rate_wait; queued: went to the outbox).", "interface", "how");
    private final CounterFamily failovers = new CounterFamily("websms_failovers_total",
            "Outgoing SMS an interface could not send (no connection, 5xx) and passed to the next of its failover list, by interface pair.",
            "from", "to");
    private final CounterFamily optOuts = new CounterFamily("websms_optout_changes_total",
            "Opt-out keywords from incoming SMS that changed the opt-out list, by incoming interface and change (stop: put on it; "
                    + "start: taken off).", "interface", "change");
    private final CounterFamily optOutRefusals = new CounterFamily("websms_optout_refused_total",
            "Outgoing SMS refused because their destination opted out of SMS from their sender, by outgoing interface.", "interface");
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();

    /** The label of interface {@code index}: the index, or {@code -} for the interface without one. */
    public static String interfaceLabel(String index) {
        return index == null || index.isEmpty() ? "-" : index;
    }

    /** Counts an outgoing SMS of interface {@code index} with {@code result} (one of this class's constants). */
    public void outbound(String index, String result) {
        messages.inc("out", interfaceLabel(index), result);
    }

    /** Counts an outgoing SMS of interface {@code index} that left the outbox with {@code result}. */
    public void outboxDelivery(String index, String result) {
        outboxDeliveries.inc(interfaceLabel(index), result);
    }

    /** Counts an incoming SMS of interface {@code index} with {@code result} (one of this class's constants). */
    public void inbound(String index, String result) {
        messages.inc("in", interfaceLabel(index), result);
    }

    /** {@code websms_messages_total}. */
    public CounterFamily messages() {
        return messages;
    }

    /** {@code websms_outbox_deliveries_total}. */
    public CounterFamily outboxDeliveries() {
        return outboxDeliveries;
    }

    /** {@code websms_itsp_request_duration_seconds}. */
    public HistogramFamily itspLatency() {
        return itspLatency;
    }

    /** {@code websms_retries_total}. */
    public CounterFamily retries() {
        return retries;
    }

    /** {@code websms_webhook_connections_closed_total}. */
    public CounterFamily connectionsClosed() {
        return connectionsClosed;
    }

    /** {@code websms_webhooks_refused_total}. */
    public CounterFamily refused() {
        return refused;
    }

    /** {@code websms_webhook_handshakes_total}. */
    public CounterFamily handshakes() {
        return handshakes;
    }

    /** {@code websms_status_callbacks_total}. */
    public CounterFamily statusCallbacks() {
        return statusCallbacks;
    }

    /** {@code websms_delivery_total}. */
    public CounterFamily delivery() {
        return delivery;
    }

    /** {@code websms_delivery_seconds}. */
    public HistogramFamily deliverySeconds() {
        return deliverySeconds;
    }

    /** {@code websms_ledger_failures_total}. */
    public CounterFamily ledgerFailures() {
        return ledgerFailures;
    }

    /** {@code websms_ami_deliveries_total}. */
    public CounterFamily amiDeliveries() {
        return amiDeliveries;
    }

    /** {@code websms_rate_limited_total}. */
    public CounterFamily rateLimited() {
        return rateLimited;
    }

    /** {@code websms_failovers_total}. */
    public CounterFamily failovers() {
        return failovers;
    }

    /** {@code websms_optout_changes_total}. */
    public CounterFamily optOuts() {
        return optOuts;
    }

    /** {@code websms_optout_refused_total}. */
    public CounterFamily optOutRefusals() {
        return optOutRefusals;
    }

    /** Adds a gauge read at each scrape. */
    public void gauge(String name, String help, DoubleSupplier value) {
        gauges.add(new Gauge(name, help, value));
    }

    /** Everything, in the Prometheus text format. */
    public String scrape() {
        Exposition out = new Exposition();
        messages.writeTo(out);
        outboxDeliveries.writeTo(out);
        itspLatency.writeTo(out);
        retries.writeTo(out);
        refused.writeTo(out);
        handshakes.writeTo(out);
        statusCallbacks.writeTo(out);
        delivery.writeTo(out);
        deliverySeconds.writeTo(out);
        ledgerFailures.writeTo(out);
        amiDeliveries.writeTo(out);
        rateLimited.writeTo(out);
        failovers.writeTo(out);
        optOuts.writeTo(out);
        optOutRefusals.writeTo(out);
        for (Gauge gauge : gauges) {
            out.family(gauge.name(), "gauge", gauge.help()).sample(gauge.name(), gauge.value().getAsDouble());
        }
        out.family("websms_build_info", "gauge", "Always 1; the labels say which websms runs, on which Java.")
                .sample("websms_build_info", List.of("version", "java"), List.of(BuildInfo.version(), BuildInfo.java()), null, null, 1);
        process(out);
        return out.toString();
    }

    /** The Content-Type of {@link #scrape()}. */
    public static String contentType() {
        return Exposition.CONTENT_TYPE;
    }

    /** The process's size, so that an admin sees websms stay small next to Asterisk. */
    private static void process(Exposition out) {
        ProcessHandle.current().info().startInstant().ifPresent(start -> out
                .family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.")
                .sample("process_start_time_seconds", start.toEpochMilli() / 1000.0));
        List<String> status = procStatus();
        long rss = bytes(status, "VmRSS:");
        if (rss >= 0) {
            out.family("process_resident_memory_bytes", "gauge", "Resident memory size, in bytes.")
                    .sample("process_resident_memory_bytes", rss);
        }
        long peak = bytes(status, "VmHWM:");
        if (peak >= 0) {
            out.family("process_resident_memory_peak_bytes", "gauge", "Largest resident memory size since start, in bytes.")
                    .sample("process_resident_memory_peak_bytes", peak);
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            long open = fds.count();
            out.family("process_open_fds", "gauge", "Open file descriptors (sockets and files).").sample("process_open_fds", open);
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux: leave it out
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        out.family("jvm_memory_used_bytes", "gauge", "Memory the JVM uses, by area (heap, nonheap).")
                .sample("jvm_memory_used_bytes", List.of("area"), List.of("heap"), null, null, memory.getHeapMemoryUsage().getUsed())
                .sample("jvm_memory_used_bytes", List.of("area"), List.of("nonheap"), null, null, memory.getNonHeapMemoryUsage().getUsed());
    }

    /** The lines of /proc/self/status; none when there is no such file (not Linux). */
    private static List<String> procStatus() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The size line {@code field} of {@code status} in bytes, or -1 when it is not there. */
    private static long bytes(List<String> status, String field) {
        for (String line : status) {
            if (line.startsWith(field)) {
                try {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
