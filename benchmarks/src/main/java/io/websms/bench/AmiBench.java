package io.websms.bench;

import io.websms.runtime.asterisk.Handover;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.daemon.Websmsd;
import io.websms.runtime.inbox.FileInboxStore;
import io.websms.runtime.inbox.InboxStore;
import io.websms.runtime.provider.ProviderRegistry;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Incoming SMS end to end on a real Asterisk: from the ITSP's webhook POST to the websms daemon until the SIP
 * MESSAGE reaches the phone, through a call file (the baseline), {@code delivery = ami} with {@code ami_mode = direct}
 * (the endpoint found by the number's hint, and listed in {@code ami_endpoints}) and {@code ami_mode = dialplan}; the
 * paths take turns run by run. The daemon runs in this process ({@link Websmsd}, as the ledger-send benchmark runs
 * it), so that the phone's arrival stamps and the webhook's send stamps come from one clock and the configuration is
 * the only difference between the paths. Run: {@code scripts/bench ami}.
 */
public final class AmiBench {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    /** Timed messages per path and run. */
    private static final int MESSAGES = Integer.getInteger("bench.ami.messages", 120);
    private static final int WARMUP = Integer.getInteger("bench.ami.warmup", 30);
    /** 0: one at a time (the next webhook once the last MESSAGE arrived); else webhooks per second, on schedule. */
    private static final int RATE = Integer.getInteger("bench.ami.rate", 0);
    /** Messages posted at once by {@link #CLIENTS} clients for the throughput figure; 0 skips it. */
    private static final int BURST = Integer.getInteger("bench.ami.burst", 200);
    private static final int CLIENTS = Integer.getInteger("bench.ami.clients", 8);
    private static final Duration ARRIVAL_LIMIT = Duration.ofSeconds(15);
    private static final String TO = "+4930123456";
    private static final String FROM = "+4915112345678";

    /** One way from the webhook to the phone, and the [astqueue] keys that choose it. */
    private record Route(String name, String keys) {

        boolean ami() {
            return keys.contains("delivery = ami");
        }
    }

    private static final List<Route> ROUTES = List.of(
            new Route("call file (baseline)", "delivery = callfile\n"),
            new Route("AMI direct, ami_hint_context", "delivery = ami\nami_mode = direct\nami_hint_context = hints\n"),
            new Route("AMI direct, ami_endpoints", "delivery = ami\nami_mode = direct\nami_endpoints = \"" + TO + "=alice\"\n"),
            new Route("AMI dialplan", "delivery = ami\nami_mode = dialplan\n"));

    /** What one route gave over all runs. */
    private static final class Figures {
        final List<Long> latencies = new ArrayList<>();
        final List<Long> acks = new ArrayList<>();
        final List<Double> oneAtATime = new ArrayList<>();
        final List<Double> burst = new ArrayList<>();
        int lost;
        int leftInInbox;
        int sentAgainAtStart;
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ProviderRegistry registry;
    private final Path work;
    private final BenchAsterisk asterisk;
    private final BenchPhone phone;
    private int daemons;

    private AmiBench(Path work, BenchAsterisk asterisk, BenchPhone phone) throws Exception {
        this.registry = ProviderRegistry.discover();
        this.work = work;
        this.asterisk = asterisk;
        this.phone = phone;
    }

    public static void main(String[] args) throws Exception {
        Path script = Path.of(System.getProperty("bench.asterisk.script", Optional.ofNullable(System.getenv("ASTERISK_INSTANCE_SCRIPT"))
                .orElse("../shared/asterisk/instance.sh"))).toAbsolutePath();
        Path dialplan = Path.of(System.getProperty("bench.dialplan", "distribution/src/main/dist/dialplan/extensions-websms.conf")).toAbsolutePath();
        if (!Files.isExecutable(script)) {
            System.err.println("bench ami: no Asterisk to measure on: " + script + " is missing or not executable."
                    + " It is the shared Asterisk 22.10.1 (../shared/asterisk/instance.sh beside the repository); set ASTERISK_INSTANCE_SCRIPT to another one.");
            System.exit(69);
        }
        if (!Files.isRegularFile(dialplan)) {
            System.err.println("bench ami: the shipped dialplan " + dialplan + " is missing; run from the repository (scripts/bench ami)");
            System.exit(66);
        }
        // The daemon's INFO lines are the same for every route; WARNING keeps the terminal readable.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path work = Files.createTempDirectory("websms-ami-bench-");
        BenchAsterisk[] started = {null};
        Thread cleanup = new Thread(() -> stopAndDelete(started[0], work), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup); // also on Ctrl-C
        try {
            started[0] = BenchAsterisk.start(script, work.resolve("asterisk"));
            BenchAsterisk asterisk = started[0];
            // The shipped dialplan (call files and ami_mode = dialplan run it) and the hint that makes TO alice's.
            asterisk.writeConfig("extensions.conf", Files.readString(dialplan) + "\n[hints]\nexten => " + TO + ",hint,PJSIP/alice\n");
            asterisk.cli("dialplan reload");
            try (BenchPhone phone = BenchPhone.register(asterisk.sipPort(), "alice")) {
                new AmiBench(work, asterisk, phone).run();
            }
        } finally {
            stopAndDelete(started[0], work);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private static void stopAndDelete(BenchAsterisk asterisk, Path work) {
        try {
            if (asterisk != null) {
                asterisk.close();
            }
        } catch (RuntimeException e) {
            System.err.println("bench ami: stopping Asterisk failed: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // already gone
        }
    }

    private void run() throws Exception {
        System.out.printf("websms incoming SMS, webhook to SIP MESSAGE at the phone, on Asterisk %s: %d runs, the routes taking turns; per run %d"
                        + " messages %s after %d untimed%s; %s, %d cores, Java %s%n%n",
                asterisk.cli("core show version").strip().split(" ")[1], RUNS, MESSAGES,
                RATE == 0 ? "one at a time" : "at " + RATE + "/s", WARMUP,
                BURST == 0 ? "" : ", then " + BURST + " from " + CLIENTS + " clients at once",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Map<Route, Figures> figures = new LinkedHashMap<>();
        for (Route route : ROUTES) {
            figures.put(route, new Figures());
        }
        for (int run = 1; run <= RUNS; run++) {
            for (Route route : ROUTES) {
                measure(route, run, figures.get(route));
            }
        }
        print(figures);
    }

    private void measure(Route route, int run, Figures into) throws Exception {
        InboxStore inbox = route.ami() ? FileInboxStore.open(work.resolve("inbox-" + (++daemons))) : null;
        WebsmsConfig config = config(route);
        Handover spool = route.ami() ? null : Spool.open(config.astQueue());
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        try (Websmsd daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(loopback), Optional.empty(), spool,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.ofNullable(inbox)))) {
            URI hook = URI.create("http://127.0.0.1:" + daemon.httpPort() + "/hook");
            String tag = route.name().replaceAll("[^A-Za-z]+", "-") + " " + run;
            awaitAmi(hook, route, tag);
            oneAtATime(hook, tag + " warm-up", WARMUP, new Figures());
            long began = System.nanoTime();
            if (RATE == 0) {
                oneAtATime(hook, tag, MESSAGES, into);
            } else {
                atRate(hook, tag, MESSAGES, into);
            }
            into.oneAtATime.add(MESSAGES / ((System.nanoTime() - began) / 1e9));
            if (BURST > 0) {
                into.burst.add(burst(hook, tag + " burst", into));
            }
        }
        if (inbox instanceof FileInboxStore store) {
            // Every message reached the phone: what the inbox still holds would be delivered again by the next start.
            try (Stream<Path> left = Files.list(store.dir())) {
                for (Path file : left.filter(f -> f.toString().endsWith(".msg")).toList()) {
                    into.leftInInbox++;
                    java.util.Properties entry = new java.util.Properties();
                    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        entry.load(reader);
                    }
                    // Direct mode records the devices that got it; one not recorded is sent again.
                    into.sentAgainAtStart += entry.getProperty("delivered", "").isEmpty() ? 1 : 0;
                }
            }
        }
        System.err.printf(Locale.ROOT, "measured: %s, run %d: p50 %.1f ms so far%n", route.name(), run, percentile(into.latencies, 0.5) / 1e6);
    }

    /** The daemon with {@code route}'s [astqueue] keys, everything else as the AMI delivery tests run it. */
    private WebsmsConfig config(Route route) throws Exception {
        String file = "[websmsd]\nurl_path = /hook\nstate_dir = " + work.resolve("state") + "\n"
                + "[astqueue]\nchannel_context = dp_entry_answer\ncontext = dp_entry_text_in\n"
                + "outgoingdir = " + asterisk.outgoingDir() + "\nstagingdir = " + asterisk.stagingDir() + "\n"
                + "ami_addr = 127.0.0.1:" + asterisk.amiPort() + "\nami_user = " + BenchAsterisk.AMI_USER + "\nami_secret = " + BenchAsterisk.AMI_SECRET + "\n"
                + route.keys();
        return new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
    }

    /** The AMI client logs in in the background: the first message is not timed until one has gone through. */
    private void awaitAmi(URI hook, Route route, String tag) throws Exception {
        if (route.ami()) {
            String body = "websms bench " + tag + " first";
            CompletableFuture<Long> arrival = phone.expect(body);
            post(webhook(hook, body));
            arrival.get(30, TimeUnit.SECONDS);
        }
    }

    /** Posts each webhook once the last MESSAGE has arrived. */
    private void oneAtATime(URI hook, String tag, int count, Figures into) throws Exception {
        for (int i = 0; i < count; i++) {
            String body = "websms bench " + tag + " " + i;
            HttpRequest request = webhook(hook, body);
            CompletableFuture<Long> arrival = phone.expect(body);
            long sent = System.nanoTime();
            post(request);
            long acked = System.nanoTime();
            record(into, sent, acked, arrival);
        }
    }

    /** Posts webhooks on schedule whatever the answers take; latency from when each was due (no coordinated omission). */
    private void atRate(URI hook, String tag, int count, Figures into) throws Exception {
        long interval = 1_000_000_000L / RATE;
        long begin = System.nanoTime();
        List<CompletableFuture<long[]>> sends = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                long due = begin + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String body = "websms bench " + tag + " " + i;
                HttpRequest request = webhook(hook, body);
                CompletableFuture<Long> arrival = phone.expect(body);
                sends.add(CompletableFuture.supplyAsync(() -> {
                    post(request);
                    return new long[] {due, System.nanoTime()};
                }, clients).thenCombine(arrival, (sent, arrived) -> new long[] {sent[0], sent[1], arrived}));
            }
            for (CompletableFuture<long[]> send : sends) {
                try {
                    long[] t = send.get(ARRIVAL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                    into.acks.add(t[1] - t[0]);
                    into.latencies.add(t[2] - t[0]);
                } catch (TimeoutException e) {
                    into.lost++;
                }
            }
        }
    }

    /** {@code BURST} webhooks from {@code CLIENTS} clients as fast as answered; MESSAGEs per second until the last arrived. */
    private double burst(URI hook, String tag, Figures into) throws Exception {
        List<CompletableFuture<Long>> arrivals = new ArrayList<>();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            String body = "websms bench " + tag + " " + i;
            requests.add(webhook(hook, body));
            arrivals.add(phone.expect(body));
        }
        AtomicInteger next = new AtomicInteger();
        long began = System.nanoTime();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.execute(() -> {
                    for (int i = next.getAndIncrement(); i < BURST; i = next.getAndIncrement()) {
                        post(requests.get(i));
                    }
                });
            }
        }
        long last = began;
        for (CompletableFuture<Long> arrival : arrivals) {
            try {
                last = Math.max(last, arrival.get(ARRIVAL_LIMIT.toMillis() + BURST * 100L, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                into.lost++;
            }
        }
        return BURST / ((last - began) / 1e9);
    }

    private void record(Figures into, long sent, long acked, CompletableFuture<Long> arrival) throws Exception {
        try {
            long arrived = arrival.get(ARRIVAL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            into.latencies.add(arrived - sent);
            into.acks.add(acked - sent);
        } catch (TimeoutException e) {
            into.lost++;
            if (into.lost > 10) {
                throw new IllegalStateException("more than 10 messages did not reach the phone within " + ARRIVAL_LIMIT.toSeconds() + " s");
            }
        }
    }

    /** The webhook as an ITSP posts it, made before the clock starts. */
    private static HttpRequest webhook(URI hook, String body) {
        String form = "To=" + enc(TO) + "&From=" + enc(FROM) + "&Body=" + enc(body);
        return HttpRequest.newBuilder(hook).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    /** Posts {@code request}; fails unless acknowledged with 200. */
    private void post(HttpRequest request) {
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the webhook was answered " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the webhook failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // ---- the table

    private static double percentile(List<Long> values, double quantile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * quantile) - 1))];
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private void print(Map<Route, Figures> figures) {
        Figures base = figures.get(ROUTES.get(0));
        double baseP50 = percentile(base.latencies, 0.5);
        double baseP99 = percentile(base.latencies, 0.99);
        double baseBurst = median(base.burst);
        System.out.println("| route | p50 ms | p99 ms | max ms | p50 ratio | p99 ratio | webhook answered p50 ms | msg/s " + (RATE == 0 ? "one at a time" : "at " + RATE + "/s")
                + " | msg/s, " + BURST + " from " + CLIENTS + " clients | msg/s ratio |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Map.Entry<Route, Figures> entry : figures.entrySet()) {
            Figures f = entry.getValue();
            double p50 = percentile(f.latencies, 0.5);
            double p99 = percentile(f.latencies, 0.99);
            System.out.println("| " + String.join(" | ", Arrays.asList(entry.getKey().name(), ms(p50), ms(p99), ms(percentile(f.latencies, 1.0)),
                    ratio(p50, baseP50), ratio(p99, baseP99), ms(percentile(f.acks, 0.5)), rate(median(f.oneAtATime)), rate(median(f.burst)),
                    ratio(median(f.burst), baseBurst))) + " |");
        }
        System.out.println();
        System.out.printf("Latency: from the webhook POST to the SIP MESSAGE read by the phone, %d messages per route (pooled over the runs)."
                + " Ratios: route / call file.%n", base.latencies.size());
        System.out.println("msg/s " + (RATE == 0 ? "one at a time" : "at " + RATE + "/s") + ": the timed messages over their time; msg/s from "
                + CLIENTS + " clients: " + BURST + " webhooks posted as fast as answered, until the last MESSAGE arrived (median of the runs).");
        long lost = figures.values().stream().mapToLong(f -> f.lost).sum();
        System.out.println("Lost (no MESSAGE within " + ARRIVAL_LIMIT.toSeconds() + " s): " + lost + "; unexpected or duplicate MESSAGEs: " + phone.unexpected()
                + "; messages that had reached the phone but were still in the inbox when the daemon had closed: "
                + figures.values().stream().mapToInt(f -> f.leftInInbox).sum() + ", of them not marked delivered (a next start sends them again): "
                + figures.values().stream().mapToInt(f -> f.sentAgainAtStart).sum());
    }

    private static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "" : String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static String ratio(double value, double base) {
        return Double.isNaN(value) || Double.isNaN(base) || base == 0 ? "" : String.format(Locale.ROOT, "%.2f", value / base);
    }
}
