package io.websms.runtime.asterisk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP phone for tests, played by {@code sipp}: it REGISTERs at an {@link AsteriskInstance} as an endpoint (alice,
 * which needs no authentication) from a loopback UDP port, answers every SIP MESSAGE sent to it with 200 OK and
 * records it. Two phones on two ports registered as alice are alice's two devices.
 *
 * <p>One sipp process per registration: its scenario REGISTERs and then waits (up to {@link #LIFETIME}); MESSAGEs come
 * with a Call-ID of their own, so sipp hands them to the out-of-call scenario that answers them. Bodies are read
 * from sipp's {@code -trace_msg} file, which gives each received datagram's length and then its bytes unchanged
 * (CR, LF, {@code ; # & % + "} and 4-byte UTF-8 stay as sent).
 */
public final class SippPhone implements AutoCloseable {

    /** How long one registration's sipp runs at most, should a test forget to close it. */
    public static final Duration LIFETIME = Duration.ofMinutes(30);

    private static final String SIPP = System.getenv().getOrDefault("SIPP", "sipp");
    private static final Pattern RECEIVED = Pattern.compile("message received \\[(\\d+)\\] bytes :\n\n");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // sipp would outlive a JVM that ends without close(): end what is still running.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "sipp-phones-cleanup"));
    }

    /** One SIP MESSAGE the phone received: the body is the exact bytes after the blank line, decoded as UTF-8. */
    public record Received(String requestUri, String from, String to, String contentType, String body) {

        /** The user part of the From URI, %-escapes undone: {@code +4915112345678} of {@code <sip:+4915112345678@h>}. */
        public String fromUser() {
            Matcher user = Pattern.compile("sips?:([^@;>]*)@").matcher(from);
            return user.find() ? percentDecoded(user.group(1)) : "";
        }

        /** The display name of the From header without its quotes; empty when there is none. */
        public String fromName() {
            Matcher name = Pattern.compile("^\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(from);
            return name.find() ? name.group(1).replaceAll("\\\\(.)", "$1") : "";
        }
    }

    private final AsteriskInstance asterisk;
    private final String endpoint;
    private final int port;
    private final String contactParams;
    private final Path work;
    private final List<Path> traces = new ArrayList<>();
    private Process sipp;
    private int runs;

    private SippPhone(AsteriskInstance asterisk, String endpoint, int port, String contactParams, Path work) {
        this.asterisk = asterisk;
        this.endpoint = endpoint;
        this.port = port;
        this.contactParams = contactParams;
        this.work = work;
    }

    /** Registers as {@code endpoint} from 127.0.0.1:{@code localPort}, Contact {@code <sip:endpoint@127.0.0.1:port>}. */
    public static SippPhone register(AsteriskInstance asterisk, String endpoint, int localPort) {
        return register(asterisk, endpoint, localPort, "");
    }

    /**
     * As {@link #register(AsteriskInstance, String, int)}, with URI parameters after the Contact's port, as real
     * phones send them (e.g. {@code ";ob"} or {@code ";transport=udp"}).
     */
    public static SippPhone register(AsteriskInstance asterisk, String endpoint, int localPort, String contactParams) {
        if (!endpoint.matches("[A-Za-z0-9_.-]+") || !contactParams.matches("(;[A-Za-z0-9_.=-]+)*")) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' or contact parameters '" + contactParams + "' do not fit a SIP URI");
        }
        try {
            SippPhone phone = new SippPhone(asterisk, endpoint, localPort, contactParams,
                    Files.createTempDirectory("sipp-" + endpoint + "-" + localPort + "-"));
            phone.registerAgain();
            return phone;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a folder for sipp's scenarios: " + e.getMessage(), e);
        }
    }

    /**
     * Skips the calling test, saying why, where sipp is missing (Debian's {@code sip-tester}, which {@code .ci/run}
     * installs), so that a clone elsewhere still builds.
     */
    public static void requireSipp() {
        String reason = null;
        try {
            Process probe = new ProcessBuilder(SIPP, "-v").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (!probe.waitFor(10, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                reason = SIPP + " -v did not end";
            }
        } catch (IOException e) {
            reason = "no sipp to play the SIP phones (" + e.getMessage() + "): install Debian's sip-tester, or set SIPP";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        }
        if (reason != null) {
            String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
            System.err.println(caller + " skipped: " + reason);
            org.junit.jupiter.api.Assumptions.abort(reason);
        }
    }

    /** A loopback UDP port that is free now, for a phone. */
    public static int freePort() {
        return AsteriskInstance.freeUdpPort();
    }

    /** The URI the phone registers: {@code sip:alice@127.0.0.1:PORT} and its parameters. */
    public String contactUri() {
        return "sip:" + endpoint + "@127.0.0.1:" + port + contactParams;
    }

    /** MessageSend's {@code To:} that reaches this device only: {@code pjsip:alice/sip:alice@127.0.0.1:PORT}. */
    public String messageSendTo() {
        return "pjsip:" + endpoint + "/" + contactUri();
    }

    /** The endpoint it registers as. */
    public String endpoint() {
        return endpoint;
    }

    /** Its UDP port. */
    public int port() {
        return port;
    }

    /**
     * Registers (again, after {@link #unregister} or {@link #close}) on the same port; returns once Asterisk answered
     * 200, messages received before are kept.
     *
     * @throws IllegalStateException when Asterisk does not answer 200 within 5 s (sipp's output in the message)
     */
    public synchronized void registerAgain() {
        stopSipp();
        runs++;
        Path trace = work.resolve("phone-" + runs + ".msg");
        traces.add(trace);
        Path scenario = write("register.xml", registerScenario(3600, true));
        Path answer = write("answer.xml", ANSWER);
        sipp = startSipp(scenario, trace, "-oocsf", answer.toString(), "-aa");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (registered(trace)) {
                return;
            }
            if (!sipp.isAlive()) {
                break;
            }
            sleep(20);
        }
        String what = describe(trace);
        stopSipp();
        throw new IllegalStateException("sipp on port " + port + " did not register as " + endpoint + " at 127.0.0.1:"
                + asterisk.sipPort() + " within 5 s: " + what);
    }

    /** Sends REGISTER with {@code Expires: 0} for its contact (the phone stops answering first) and awaits the 200. */
    public synchronized void unregister() {
        stopSipp();
        Path trace = work.resolve("unregister-" + runs + ".msg");
        Process once = startSipp(write("unregister.xml", registerScenario(0, false)), trace, "-timeout", "5s");
        try {
            if (!once.waitFor(10, TimeUnit.SECONDS)) {
                once.destroyForcibly();
            }
            once.waitFor(5, TimeUnit.SECONDS);
            if (once.exitValue() != 0) {
                throw new IllegalStateException("sipp on port " + port + " could not unregister " + contactUri() + ": " + describe(trace));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unregistering " + contactUri(), e);
        } finally {
            LIVE.remove(once);
        }
    }

    /** Every MESSAGE received so far, oldest first. */
    public synchronized List<Received> messages() {
        List<Received> messages = new ArrayList<>();
        for (Path trace : traces) {
            for (byte[] datagram : received(trace)) {
                Received message = parse(datagram);
                if (message != null) {
                    messages.add(message);
                }
            }
        }
        return Collections.unmodifiableList(messages);
    }

    /**
     * Waits until at least {@code n} MESSAGEs came and returns all of them.
     *
     * @throws AssertionError naming what did come when fewer than {@code n} came within {@code timeout}
     */
    public List<Received> awaitMessages(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> messages = messages();
        while (messages.size() < n && System.nanoTime() < deadline) {
            sleep(20);
            messages = messages();
        }
        if (messages.size() < n) {
            throw new AssertionError("phone " + contactUri() + " received " + messages.size() + " MESSAGE(s) within " + timeout
                    + ", expected " + n + ": " + messages);
        }
        return messages;
    }

    /** Kills its sipp: the phone stops answering; its registration stays in Asterisk until {@link #unregister}. */
    @Override
    public synchronized void close() {
        stopSipp();
    }

    private Process startSipp(Path scenario, Path trace, String... more) {
        List<String> command = new ArrayList<>(List.of(SIPP, "127.0.0.1:" + asterisk.sipPort(), "-sf", scenario.toString(),
                "-i", "127.0.0.1", "-p", Integer.toString(port), "-t", "u1", "-m", "1", "-nostdin",
                "-trace_msg", "-message_file", trace.toString(), "-trace_err", "-error_file", trace + ".err"));
        command.addAll(List.of(more));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(trace.resolveSibling(trace.getFileName() + ".out").toFile()).start();
            LIVE.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + SIPP + " (Debian: apt-get install sip-tester): " + e.getMessage(), e);
        }
    }

    private void stopSipp() {
        if (sipp != null) {
            sipp.destroyForcibly();
            try {
                sipp.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LIVE.remove(sipp);
            sipp = null;
        }
    }

    private String registerScenario(int expires, boolean stay) {
        String contact = "sip:" + endpoint + "@[local_ip]:[local_port]" + contactParams;
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <scenario name="register">
                  <send retrans="500">
                    <![CDATA[
                REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
                Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                From: <sip:%1$s@[remote_ip]>;tag=[pid]SIPpTag00[call_number]
                To: <sip:%1$s@[remote_ip]>
                Call-ID: [call_id]
                CSeq: 1 REGISTER
                Contact: <%2$s>
                Max-Forwards: 70
                Expires: %3$d
                User-Agent: websms-test-phone
                Content-Length: 0

                    ]]>
                  </send>
                  <recv response="200"/>
                %4$s</scenario>
                """.formatted(endpoint, contact, expires, stay ? "  <pause milliseconds=\"" + LIFETIME.toMillis() + "\"/>\n" : "");
    }

    private static final String ANSWER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <scenario name="answer MESSAGE">
              <recv request="MESSAGE"/>
              <send>
                <![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpTag01[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

                ]]>
              </send>
            </scenario>
            """;

    private Path write(String name, String text) {
        try {
            return Files.writeString(work.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + work.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private static boolean registered(Path trace) {
        for (byte[] datagram : received(trace)) {
            String head = new String(datagram, StandardCharsets.UTF_8);
            if (head.startsWith("SIP/2.0 200 ") && head.toUpperCase(Locale.ROOT).contains(" REGISTER\r\n")) {
                return true;
            }
        }
        return false;
    }

    /** Each datagram sipp received, as the bytes it logged: "message received [N] bytes :" LF LF, then N bytes. */
    private static List<byte[]> received(Path trace) {
        byte[] data;
        try {
            data = Files.exists(trace) ? Files.readAllBytes(trace) : new byte[0];
        } catch (IOException e) {
            throw new IllegalStateException("cannot read sipp's trace " + trace + ": " + e.getMessage(), e);
        }
        // ISO-8859-1 maps each byte to one char, so the offsets the pattern finds are byte offsets.
        Matcher marker = RECEIVED.matcher(new String(data, StandardCharsets.ISO_8859_1));
        List<byte[]> datagrams = new ArrayList<>();
        int from = 0;
        while (marker.find(from)) {
            int length = Integer.parseInt(marker.group(1));
            int start = marker.end();
            if (start + length > data.length) {
                break; // still being written
            }
            byte[] datagram = new byte[length];
            System.arraycopy(data, start, datagram, 0, length);
            datagrams.add(datagram);
            from = start + length;
        }
        return datagrams;
    }

    /** A MESSAGE request's Request-URI, From, To, Content-Type and body; null for anything else. */
    private static Received parse(byte[] datagram) {
        int end = indexOf(datagram, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            return null;
        }
        String[] head = new String(datagram, 0, end, StandardCharsets.UTF_8).split("\r\n");
        String[] requestLine = head[0].split(" ");
        if (requestLine.length != 3 || !requestLine[0].equals("MESSAGE")) {
            return null;
        }
        int length = datagram.length - end - 4;
        String declared = header(head, "Content-Length", "l");
        if (!declared.isEmpty()) {
            length = Math.min(length, Integer.parseInt(declared.strip()));
        }
        String body = new String(datagram, end + 4, length, StandardCharsets.UTF_8);
        return new Received(requestLine[1], header(head, "From", "f"), header(head, "To", "t"), header(head, "Content-Type", "c"), body);
    }

    private static String header(String[] head, String name, String compact) {
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon > 0) {
                String key = head[i].substring(0, colon).strip();
                if (key.equalsIgnoreCase(name) || key.equalsIgnoreCase(compact)) {
                    return head[i].substring(colon + 1).strip();
                }
            }
        }
        return "";
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String percentDecoded(String text) {
        // SIP escapes are %HH over UTF-8 bytes, as in URLs, but '+' is a plus.
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private String describe(Path trace) {
        StringBuilder what = new StringBuilder();
        for (String suffix : List.of(".out", ".err")) {
            Path file = trace.resolveSibling(trace.getFileName() + suffix);
            try {
                if (Files.exists(file)) {
                    String text = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
                    what.append(suffix).append(": ").append(text.length() > 1500 ? text.substring(text.length() - 1500) : text).append('\n');
                }
            } catch (IOException e) {
                what.append(suffix).append(": unreadable\n");
            }
        }
        received(trace).forEach(datagram -> what.append("received: ").append(new String(datagram, StandardCharsets.UTF_8).lines().findFirst().orElse("")).append('\n'));
        return what.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
