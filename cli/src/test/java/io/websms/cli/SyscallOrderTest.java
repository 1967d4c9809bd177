package io.websms.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit keeps the order that makes an acknowledged message durable. The daemon runs under {@code strace}, which
 * records its system calls in the order they happen, while 16 clients post webhooks at once; for every webhook
 * answered 200, the trace must show, before the answer's {@code write} to that client's socket: its call file forced
 * in {@code stagingdir}, then renamed into {@code outgoingdir}, then a force of {@code outgoingdir} that began after
 * the rename. Needs strace (Debian's {@code strace}; {@code .ci/run} installs it).
 */
class SyscallOrderTest {

    private static final int CLIENTS = 16;
    private static final int PER_CLIENT = 8;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCallFileIsForcedRenamedAndItsFolderForcedBeforeTheAnswerAndBatchesShareTheFolderForce() throws Exception {
        assertEquals(0, new ProcessBuilder("strace", "-V").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(),
                "strace is installed (apt-get install strace)");
        Path outgoing = dir.resolve("spool/outgoing");
        Path staging = dir.resolve("spool/staging");
        Path trace = dir.resolve("trace.txt");
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr =\nstate_dir = "
                + dir.resolve("state") + "\n[astqueue]\noutgoingdir = " + outgoing + "\nstagingdir = " + staging + "\n");
        // The client's port -> the bodies it posted on that one kept-alive connection, in order: the k-th 200 written to
        // that connection answers the k-th of them.
        Map<Integer, List<String>> acknowledged = new ConcurrentHashMap<>();
        try (DaemonProcess running = DaemonProcess.start(List.of("strace", "-f", "-yy", "-s", "24", "-o", trace.toString(),
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,openat,write,writev,sendto,sendmsg"), config)) {
            AtomicInteger sequence = new AtomicInteger();
            try (var clients = Executors.newFixedThreadPool(CLIENTS)) {
                for (int c = 0; c < CLIENTS; c++) {
                    clients.execute(() -> {
                        try (Socket socket = new Socket("127.0.0.1", running.httpPort)) {
                            socket.setSoTimeout(30_000);
                            List<String> bodies = new ArrayList<>();
                            for (int i = 0; i < PER_CLIENT; i++) {
                                String body = "ordered " + sequence.incrementAndGet();
                                if (post(socket, body) == 200) {
                                    bodies.add(body);
                                }
                            }
                            acknowledged.put(socket.getLocalPort(), bodies);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
            // Stop the daemon itself (strace then ends with it and its trace is whole).
            running.process.toHandle().children().forEach(ProcessHandle::destroy);
            assertTrue(running.process.waitFor(30, TimeUnit.SECONDS), "strace ended with the daemon");
        }
        assertEquals(CLIENTS * PER_CLIENT, acknowledged.values().stream().mapToInt(List::size).sum(), "every webhook was answered 200");
        Map<String, String> fileOfBody = new HashMap<>();
        try (Stream<Path> files = Files.list(outgoing)) {
            for (Path file : files.toList()) {
                Matcher body = Pattern.compile("\nsetvar: MESSAGE\\(body\\)=([^\n]*)\n").matcher(Files.readString(file));
                assertTrue(body.find(), file.toString());
                fileOfBody.put(URLDecoder.decode(body.group(1).replace("+", "%2B"), StandardCharsets.UTF_8), file.getFileName().toString());
            }
        }
        List<Call> calls = Call.parse(Files.readAllLines(trace, StandardCharsets.UTF_8));
        String folder = "<" + outgoing + ">";
        List<Call> folderForces = calls.stream().filter(c -> c.isForce() && c.args.endsWith(folder) && c.ok()).toList();
        for (Map.Entry<Integer, List<String>> connection : acknowledged.entrySet()) {
            List<Call> answers = calls.stream().filter(c -> c.isWrite() && c.args.contains(":" + connection.getKey() + "]>")
                    && c.args.contains("HTTP/1.1 200")).toList();
            assertEquals(connection.getValue().size(), answers.size(), "the 200s written to the client on port " + connection.getKey());
            for (int k = 0; k < answers.size(); k++) {
                Call answer = answers.get(k);
                String name = fileOfBody.get(connection.getValue().get(k));
                assertTrue(name != null, "the acknowledged message '" + connection.getValue().get(k) + "' has its call file in outgoingdir");
                Call forced = first(calls, c -> c.isForce() && c.args.contains("<" + staging.resolve(name) + ">") && c.ok(),
                        "the force of " + name + " in stagingdir");
                Call renamed = first(calls, c -> c.name.startsWith("rename") && c.args.contains("\"" + staging.resolve(name) + "\"")
                        && c.args.contains("\"" + outgoing.resolve(name) + "\"") && c.ok(), "the rename of " + name + " into outgoingdir");
                assertTrue(forced.end < renamed.start, name + " was forced before it was renamed");
                assertTrue(renamed.end < answer.start, name + " was renamed before its 200");
                assertTrue(folderForces.stream().anyMatch(f -> f.start > renamed.end && f.end < answer.start),
                        "outgoingdir was forced after " + name + " was renamed and before its 200");
            }
        }
        int messages = CLIENTS * PER_CLIENT;
        long forcesOfOutgoing = folderForces.size();
        assertTrue(forcesOfOutgoing < messages, "webhooks that came together shared a force of outgoingdir: "
                + forcesOfOutgoing + " forces for " + messages + " webhooks");
    }

    /** Posts {@code body} on the kept-alive {@code socket}; the answer's status. */
    private static int post(Socket socket, String body) throws IOException {
        String form = "To=%2B12025550160&From=%2B15017122661&Body=" + URLEncoder.encode(body, StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + form.length() + "\r\n\r\n" + form).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String status = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).strip());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the daemon closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static Call first(List<Call> calls, java.util.function.Predicate<Call> which, String what) {
        return calls.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError("not in the trace: " + what));
    }

    /** One system call in the trace: where it began and ended, in the trace's order (the order they happened). */
    record Call(String name, String args, String result, int start, int end) {

        private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(.*)$");
        private static final Pattern WHOLE = Pattern.compile("^(\\w+)\\((.*)\\)\\s+= (.*)$");
        private static final Pattern UNFINISHED = Pattern.compile("^(\\w+)\\((.*) <unfinished \\.\\.\\.>$");
        private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. (\\w+) resumed>(.*)\\)\\s+= (.*)$");

        boolean isForce() {
            return name.equals("fsync") || name.equals("fdatasync");
        }

        boolean isWrite() {
            return name.equals("write") || name.equals("writev") || name.equals("sendto") || name.equals("sendmsg");
        }

        boolean ok() {
            return result.matches("\\d+.*"); // not -1 and an errno
        }

        static List<Call> parse(List<String> lines) {
            List<Call> calls = new ArrayList<>();
            Map<String, String[]> pending = new HashMap<>(); // thread -> {name, args, start}
            for (int i = 0; i < lines.size(); i++) {
                Matcher line = LINE.matcher(lines.get(i));
                if (!line.matches()) {
                    continue;
                }
                String thread = line.group(1);
                String text = line.group(2);
                Matcher whole = WHOLE.matcher(text);
                Matcher unfinished = UNFINISHED.matcher(text);
                Matcher resumed = RESUMED.matcher(text);
                if (unfinished.matches()) {
                    pending.put(thread, new String[] {unfinished.group(1), unfinished.group(2), Integer.toString(i)});
                } else if (resumed.matches()) {
                    String[] begun = pending.remove(thread);
                    if (begun != null) {
                        calls.add(new Call(begun[0], begun[1] + resumed.group(2), resumed.group(3), Integer.parseInt(begun[2]), i));
                    }
                } else if (whole.matches()) {
                    calls.add(new Call(whole.group(1), whole.group(2), whole.group(3), i, i));
                }
            }
            return calls;
        }
    }
}
