package io.websms.runtime.ami;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A minimal AMI server on loopback playing Asterisk: banner, login (always accepted), then each action goes to the
 * script, which gets the connection's number (1 for the first) and the action, and returns the answer's headers
 * (without the {@code ActionID}, which is added, and the blank line), null for no answer, or {@link #CLOSE}.
 */
public final class FakeAmi implements AutoCloseable {

    public static final String CLOSE = "\0close";

    private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final BiFunction<Integer, AmiMessage, String> script;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public FakeAmi(BiFunction<Integer, AmiMessage, String> script) throws IOException {
        this.script = script;
        Thread.ofPlatform().daemon().name("fake-ami").start(this::accept);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public int logins() {
        return logins.get();
    }

    public List<String> actions() {
        return actions;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                int n = connections.incrementAndGet();
                Thread.ofPlatform().daemon().name("fake-ami-" + n).start(() -> serve(client, n));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client, int n) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = client.getOutputStream();
            out.write("Asterisk Call Manager/11.0.0\r\n".getBytes(StandardCharsets.UTF_8));
            while (true) {
                AmiMessage action = read(in);
                if (action == null) {
                    return;
                }
                String id = action.get("ActionID").orElse("");
                String name = action.get("Action").orElse("");
                String answer;
                if (name.equals("Login")) {
                    logins.incrementAndGet();
                    answer = "Response: Success\r\nMessage: Authentication accepted\r\n";
                } else {
                    actions.add(name);
                    answer = script.apply(n, action);
                }
                if (CLOSE.equals(answer)) {
                    return;
                }
                if (answer != null) {
                    out.write((answer + "ActionID: " + id + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static AmiMessage read(BufferedReader in) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                if (!headers.isEmpty()) {
                    return AmiMessage.received(headers);
                }
                continue;
            }
            int colon = line.indexOf(':');
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : open) {
            client.close();
        }
    }
}
