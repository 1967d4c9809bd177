package io.websms.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A listener that is configured and cannot listen stops websmsd at once with one line naming it: nothing half up. */
class ListenerTest {

    @TempDir
    Path dir;

    private Path config(String websmsd) throws Exception {
        return Files.writeString(dir.resolve("websms.conf"), "[websmsd]\nstate_dir = " + dir.resolve("state") + "\n" + websmsd
                + "\n[astqueue]\noutgoingdir = " + dir.resolve("out") + "\nstagingdir = " + dir.resolve("staging") + "\n");
    }

    @Test
    void aBusyAddressOfAnyListenerExits69NamingItAndStartsNothing() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = busy.getLocalPort();
            for (String[] listener : new String[][] {
                    {"http_addr = 127.0.0.1:" + port + "\nagi_addr =", "webhook server (http_addr or WEBSMSD_PORT)"},
                    {"http_addr = 127.0.0.1:0\nagi_addr = 127.0.0.1:" + port, "FastAGI server (agi_addr)"},
                    {"http_addr = 127.0.0.1:0\nagi_addr = 127.0.0.1:0\nadmin_addr = 127.0.0.1:" + port, "admin endpoint (admin_addr)"}}) {
                CliProcess.Result result = CliProcess.run(Map.of(), "", "websmsd", "--config", config(listener[0]).toString());
                assertEquals(69, result.exitCode(), result.stderr());
                assertTrue(result.stderr().contains("websms: the " + listener[1] + " cannot listen on 127.0.0.1:" + port
                        + ": the address is in use by another program (stop it, or choose another port)\n"), result.stderr());
                assertTrue(!result.stderr().contains("webhooks for incoming SMS on") && !result.stderr().contains("FastAGI server for outgoing SMS on"),
                        "nothing said it listens: " + result.stderr());
            }
        }
    }

    @Test
    void aPortItMayNotBindExits78WithTheFix() throws Exception {
        // Root without CAP_NET_BIND_SERVICE stands for the non-root user of the original image's WEBSMSD_PORT=80.
        CliProcess.Result result = CliProcess.run(List.of("setpriv", "--bounding-set=-net_bind_service"), Map.of("WEBSMSD_PORT", "80"), "",
                "websmsd", "--config", config("http_addr = 127.0.0.1:8080\nagi_addr =").toString());
        assertEquals(78, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("websms: the webhook server (http_addr or WEBSMSD_PORT) cannot listen on 127.0.0.1:80: permission denied "
                + "(ports below 1024 need root or CAP_NET_BIND_SERVICE; choose a port from 1024 up)\n"), result.stderr());
    }
}
