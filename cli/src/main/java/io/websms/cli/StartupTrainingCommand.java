package io.websms.cli;

import io.websms.runtime.daemon.Websmsd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code websms startup-training}: runs what websms does, once, on loopback, so that a JVM recording an AOT cache
 * ({@code bin/websms-startup-cache}) sees the classes of both the daemon and a one-shot send. It starts the daemon
 * with a configuration, spool and state in a temporary folder, posts one webhook, makes one FastAGI call, reads
 * {@code /health} and {@code /metrics}, sends one SMS as {@code websms send} does, and removes the folder. The ITSP is
 * the daemon's own webhook port: nothing leaves the machine. Exit 0 when every step answered as expected.
 */
final class StartupTrainingCommand {

    private static final String WEBHOOK = "To=%2B12025550160&From=%2B15017122661&Body=Start-up+training";

    private final Invocation invocation;

    StartupTrainingCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    ExitCode run() {
        Path work = null;
        String step = "preparing a temporary folder";
        try {
            work = Files.createTempDirectory("websms-training-");
            // The daemon is its own ITSP: an outgoing SMS is posted to its webhook port, which stores it as an
            // incoming one. So every step runs to its end, the HTTP client's reply handling included.
            int port = freePort();
            Path config = Files.writeString(work.resolve("websms.conf"), """
                    [websms]
                    url_host = http://127.0.0.1:%d
                    url_path = /
                    auth_method = none
                    retry_max = 0
                    [websmsd]
                    http_addr = 127.0.0.1:%d
                    agi_addr = 127.0.0.1:0
                    admin_addr = 127.0.0.1:0
                    state_dir = %s
                    [astqueue]
                    outgoingdir = %s
                    stagingdir = %s
                    """.formatted(port, port, work.resolve("state"), work.resolve("spool/outgoing"), work.resolve("spool/staging")));
            Map<String, String> env = new HashMap<>(invocation.env());
            env.remove("WEBSMSD_PORT");
            step = "starting the daemon";
            Websmsd daemon = new WebsmsdCommand(invocation.with(config, env, List.of("websmsd"), invocation.err)).start();
            try {
                step = "a webhook";
                expect(exchange(daemon.httpPort(), "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + WEBHOOK.length() + "\r\n\r\n" + WEBHOOK),
                        "HTTP/1.1 200 OK");
                step = "a FastAGI call";
                expect(fastAgi(daemon.agiPort()), "SET VARIABLE WEBSMS_STATUS \"SUCCESS\"");
                step = "/health";
                expect(exchange(daemon.adminPort(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                        "HTTP/1.1 200 OK");
                step = "/metrics";
                expect(exchange(daemon.adminPort(), "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
                        "HTTP/1.1 200 OK");
                step = "a send";
                // As `websms send` makes it (its own transport, Connection: close), to the daemon while it listens.
                ExitCode send = new SendCommand(invocation.with(config, env, List.of("send"), invocation.err),
                        List.of("+15017122661", "+15017122662", "start-up training")).run();
                if (send != ExitCode.OK) {
                    throw new IOException("it ended with " + send);
                }
            } finally {
                daemon.close();
            }
            return ExitCode.OK;
        } catch (WebsmsdCommand.NotStarted e) {
            return e.exitCode;
        } catch (IOException e) {
            Logging.print(invocation.err, List.of("startup-training: " + step + ": " + e.getMessage()));
            return ExitCode.TEMPORARY_FAILURE;
        } finally {
            delete(work);
        }
    }

    /** A port nobody listens on now, for the daemon to take (and to be its own ITSP at). */
    private static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void expect(String first, String wanted) throws IOException {
        if (!wanted.equals(first)) {
            throw new IOException("the answer began '" + first + "', not '" + wanted + "'");
        }
    }

    /** Sends {@code request} and returns the status line of the answer (the rest is not needed). */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** Plays Asterisk's side of one call and returns the first command websms sent. */
    private static String fastAgi(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("agi_network: yes\nagi_network_script: websms\nagi_request: agi://127.0.0.1/websms\n"
                    + "agi_arg_1: +15017122661\nagi_arg_2: +15017122662\nagi_arg_3: start-up training\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String first = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                first = first == null ? line : first;
                out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return first;
        }
    }

    private static void delete(Path work) {
        if (work == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary folder left behind; the system's cleaner takes it
        }
    }
}
