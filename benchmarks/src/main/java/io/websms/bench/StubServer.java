package io.websms.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import java.io.InputStream;
import java.net.InetAddress;

/**
 * A bare Helidon server that reads the request body and answers 200 with a fixed body: the inbound baseline (what a
 * webhook costs with no work behind it) and the stub ITSP of the outbound measurements. Prints its port.
 */
public final class StubServer {

    private StubServer() {
    }

    public static void main(String[] args) {
        String reply = args.length > 0 ? args[0] : "";
        WebServer server = WebServer.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .routing(HttpRouting.builder().any((req, res) -> {
                    try (InputStream in = req.content().inputStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(reply);
                }))
                .build()
                .start();
        System.out.println("port " + server.port());
        System.out.flush();
    }
}
