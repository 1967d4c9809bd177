package io.websms.runtime.daemon;

import io.websms.runtime.LogCapture;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.inbound.MessageIds;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real HTTP requests on loopback to the running webhook server; the call files in a real spool folder. */
class WebhookTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ProviderRegistry registry;

    @TempDir
    Path spoolDir;

    private Websmsd daemon;

    @BeforeAll
    static void discover() throws Exception {
        registry = ProviderRegistry.discover();
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private void start(String websmsd) throws Exception {
        start(websmsd, "127.0.0.1");
    }

    private void start(String websmsd, String bind) throws Exception {
        start(websmsd, bind, Optional.empty());
    }

    private void start(String websmsd, String bind, Optional<InetSocketAddress> admin) throws Exception {
        start(websmsd, bind, admin, Optional.empty());
    }

    private void start(String websmsd, String bind, Optional<InetSocketAddress> admin, Optional<MessageIds> ids) throws Exception {
        start(websmsd, bind, admin, ids, Optional.empty());
    }

    private void start(String websmsd, String bind, Optional<InetSocketAddress> admin, Optional<MessageIds> ids,
                       Optional<MessageIds> contents) throws Exception {
        WebsmsConfig config = DaemonFixture.config(registry, websmsd, "archive = yes\n");
        Spool spool = DaemonFixture.spool(spoolDir, config);
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(new InetSocketAddress(bind, 0)), Optional.empty(), spool, admin, ids, contents, Optional.empty()));
    }

    @Test
    void aPlainFormPostBecomesTheOriginalsCallFile() throws Exception {
        start("");
        HttpResponse<String> response = post("/", "application/x-www-form-urlencoded", "To=%2B12025550160&From=%2B15017122661&Body=Incoming+message%21");
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals("""
                Channel: Local/+12025550160@dp_entry_answer
                CallerID: "" <+15017122661>
                WaitTime: 45
                MaxRetries: 0
                RetryTime: 300
                Context: dp_entry_text_in
                Extension: +12025550160
                Priority: 1
                Archive: 1
                setvar: MESSAGE(to)=+12025550160
                setvar: MESSAGE(from)=+15017122661
                setvar: MESSAGE(body)=Incoming%20message%21
                setvar: MESSAGE_ENCODE=rfc3986
                """, onlyCallFile());
        assertEquals(List.of(), list(spoolDir.resolve("staging")), "nothing is left in staging");
    }

    @Test
    void aMultiLineBodyWithEmojiAndSpecialCharactersIsEncodedOnOneLine() throws Exception {
        start("");
        String body = "Line 1 & 100% +fun \"quoted\"; #tag\nLine 2 😀 ü ~ *";
        post("/", "application/x-www-form-urlencoded", "To=%2B12025550160&From=%2B15017122661&Body=" + URLEncoder.encode(body, StandardCharsets.UTF_8));
        assertTrue(onlyCallFile().contains("\nsetvar: MESSAGE(body)=Line%201%20%26%20100%25%20%2Bfun%20%22quoted%22%3B%20%23tag%0A"
                + "Line%202%20%F0%9F%98%80%20%C3%BC%20~%20%2A\n"), onlyCallFile());
    }

    @Test
    void aBodyOfSeveralKilobytesIsCarriedWholeInPartsTheDialplanJoins() throws Exception {
        start("");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append("😀é ").append(i).append(' ');
        }
        String body = text.toString();
        post("/", "application/json", "{\"To\":\"+12025550160\",\"From\":\"+15017122661\",\"Body\":\"" + body + "\"}");
        String file = onlyCallFile();
        List<String> lines = file.lines().toList();
        assertTrue(lines.stream().allMatch(l -> l.length() <= 1022), "no line longer than Asterisk reads");
        String first = value(lines, "setvar: MESSAGE(body)=");
        assertTrue(!first.isEmpty(), "MESSAGE(body) always holds the first part");
        int parts = Integer.parseInt(value(lines, "setvar: WEBSMS_BODY_PARTS="));
        StringBuilder joined = new StringBuilder(first);
        for (int i = 2; i <= parts; i++) {
            joined.append(value(lines, "setvar: WEBSMS_BODY_" + i + "="));
        }
        assertTrue(parts >= 5, "a body this long needs several parts: " + parts);
        assertEquals(body, java.net.URLDecoder.decode(joined.toString(), StandardCharsets.UTF_8), "the parts join to the whole body");
        assertEquals("setvar: MESSAGE_ENCODE=rfc3986", lines.get(lines.indexOf("setvar: MESSAGE(body)=" + first) + 1));
    }

    @Test
    void multipartJsonNestedJsonAndGetRequestsAreReadToo() throws Exception {
        start("");
        String boundary = "----websms7MA4YWxkTrZu0gW";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"To\"\r\n\r\n+12025550160\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"From\"\r\n\r\n+15017122661\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"Body\"\r\n\r\nvia multipart\r\nsecond line\r\n"
                + "--" + boundary + "--\r\n";
        assertEquals(200, post("/", "multipart/form-data; boundary=" + boundary, multipart).statusCode());
        assertBody("via%20multipart%0D%0Asecond%20line");

        assertEquals(200, post("/", "application/json; charset=utf-8", "{\"To\":\"+12025550160\",\"From\":\"+15017122661\",\"Body\":\"via JSON\"}").statusCode());
        assertBody("via%20JSON");

        String result = "{\"caller_id\":\"+15017122661\",\"caller_did\":\"+12025550160\",\"text\":\"nested\"}";
        daemon.close();
        start("key_to = caller_did\nkey_from = caller_id\nkey_body = text\n");
        assertEquals(200, post("/", "application/x-www-form-urlencoded", "event=SMS&result=" + URLEncoder.encode(result, StandardCharsets.UTF_8)).statusCode());
        assertBody("nested");

        daemon.close();
        start("");
        HttpResponse<String> get = send(HttpRequest.newBuilder(uri("/?To=%2B12025550160&From=%2B15017122661&Body=via+GET")).GET());
        assertEquals(200, get.statusCode());
        assertBody("via%20GET");
    }

    @Test
    void theAckIsResp_ackWithAContentTypeThatFitsIt() throws Exception {
        start("resp_ack = \"<Response></Response>\"");
        HttpResponse<String> response = post("/", "application/x-www-form-urlencoded", "To=%2B12025550160&From=%2B15017122661&Body=x");
        assertEquals(200, response.statusCode());
        assertEquals("<Response></Response>", response.body());
        assertEquals("text/xml; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void anEchoHandshakeIsAnsweredWithItsValueAndStoresNothing() throws Exception {
        start("key_echo = zd_echo");
        HttpResponse<String> get = send(HttpRequest.newBuilder(uri("/?zd_echo=abc123")).GET());
        assertEquals(200, get.statusCode());
        assertEquals("abc123", get.body());
        assertEquals("text/plain; charset=utf-8", get.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> post = post("/?zd_echo=xyz", "application/x-www-form-urlencoded", "To=%2B12025550160&From=%2B15017122661&Body=x");
        assertEquals("xyz", post.body());
        assertNoCallFile();
    }

    @Test
    void refusalsWriteNoCallFile() throws Exception {
        start("url_path = /hook\nremt_addr = 127.0.0.1");
        assertEquals(404, post("/other", "application/x-www-form-urlencoded", "To=%2B1&From=%2B2&Body=x").statusCode());
        HttpResponse<String> missing = post("/hook", "application/x-www-form-urlencoded", "From=%2B15017122661&Body=x");
        assertEquals(400, missing.statusCode());
        assertEquals("Bad Request: To: the destination number is missing\n", missing.body());
        HttpResponse<String> injected = post("/hook", "application/x-www-form-urlencoded", "To=%2B1202%0D%0AApplication%3A+System&From=%2B15017122661&Body=x");
        assertEquals(400, injected.statusCode());
        assertEquals("Bad Request: To: not a phone number (digits with an optional leading +)\n", injected.body());
        HttpResponse<String> badJson = post("/hook", "application/json", "{\"To\":");
        assertEquals(400, badJson.statusCode());
        assertTrue(badJson.body().startsWith("Bad Request: the body is not valid JSON"), badJson.body());
        HttpResponse<String> tooLarge = post("/hook", "application/x-www-form-urlencoded", "To=%2B1&From=%2B2&Body=" + "x".repeat(70_000));
        assertEquals(413, tooLarge.statusCode());
        assertNoCallFile();
    }

    @Test
    void ipv4AndIpv6AllowLists() throws Exception {
        start("remt_addr [v4] = 127.0.0.0/8\nurl_path [v4] = /v4\nremt_addr [v6] = ::1/128\nurl_path [v6] = /v6", "::");
        assertEquals(200, post(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/v4"), "To=%2B1&From=%2B2&Body=a").statusCode());
        assertEquals(200, post(URI.create("http://[::1]:" + daemon.httpPort() + "/v6"), "To=%2B1&From=%2B2&Body=b").statusCode());
        assertEquals(404, post(URI.create("http://[::1]:" + daemon.httpPort() + "/v4"), "To=%2B1&From=%2B2&Body=c").statusCode(),
                "::1 is admitted by v6 only, which does not serve /v4");
        assertEquals(2, list(spoolDir.resolve("outgoing")).size());
        daemon.close();
        start("remt_addr = 192.0.2.0/24,2001:db8::/32");
        HttpResponse<String> refused = post("/", "application/x-www-form-urlencoded", "To=%2B1&From=%2B2&Body=x");
        assertEquals(403, refused.statusCode());
        assertEquals("Forbidden\n", refused.body(), "a refusal reveals nothing of the configuration");
    }

    @Test
    void aTrustedProxyNamesTheClientAndAnUntrustedOneIsIgnored() throws Exception {
        String rules = "remt_addr = 203.0.113.0/24\nprox_addr = 127.0.0.1,10.0.0.0/8";
        start(rules);
        // The client sent its own X-Forwarded-For; the proxy at 10.1.1.1 and the one at 127.0.0.1 appended theirs.
        assertEquals(200, post("/", "203.0.113.7, 198.51.100.1, 203.0.113.9, 10.1.1.1", "To=%2B1&From=%2B2&Body=x").statusCode(),
                "right to left, skipping trusted proxies: 203.0.113.9");
        assertEquals(403, post("/", "203.0.113.9, 198.51.100.1", "To=%2B1&From=%2B2&Body=x").statusCode(),
                "a client cannot hide behind an address it wrote into the header itself");
        daemon.close();
        start("remt_addr = 203.0.113.0/24\nprox_addr = 10.0.0.0/8");
        assertEquals(403, post("/", "203.0.113.9", "To=%2B1&From=%2B2&Body=x").statusCode(), "the peer is no trusted proxy: the header is ignored");
        assertEquals(1, list(spoolDir.resolve("outgoing")).size());
    }

    @Test
    void urlPathRoutesBetweenTwoInterfaces() throws Exception {
        start("url_path [a] = /incoming1\nurl_path [b] = /incoming2\nkey_body [b] = text\nresp_ack [b] = \"ok b\"");
        assertEquals("", post("/incoming1", "application/x-www-form-urlencoded", "To=%2B1&From=%2B2&Body=one&text=ignored").body());
        assertBody("one");
        assertEquals("ok b", post("/incoming2", "application/x-www-form-urlencoded", "To=%2B1&From=%2B2&Body=ignored&text=two").body());
        assertBody("two");
    }

    @Test
    void zadarmaEchoSignedAndForgedWebhooksEndToEnd() throws Exception {
        start("provider = zadarma\nauth_secret = SECRET");
        HttpResponse<String> echo = send(HttpRequest.newBuilder(uri("/?zd_echo=8c1b")).GET());
        assertEquals("8c1b", echo.body());
        String result = "{\"caller_id\":\"+79991234567\",\"caller_did\":\"+74951234567\",\"text\":\"Привет\"}";
        String form = "event=SMS&result=" + URLEncoder.encode(result, StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec("SECRET".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = java.util.Base64.getEncoder().encodeToString(
                java.util.HexFormat.of().formatHex(mac.doFinal(result.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Signature", signature.substring(1) + "A").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(403, forged.statusCode());
        assertNoCallFile();
        HttpResponse<String> signed = send(HttpRequest.newBuilder(uri("/")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Signature", signature).POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(200, signed.statusCode());
        assertBody("%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82");
    }

    @Test
    void aSpoolThatCannotBeWrittenGets503AndLeavesNothingBehind() throws Exception {
        start("");
        Path outgoing = spoolDir.resolve("outgoing");
        Files.delete(outgoing);
        Files.writeString(outgoing, "not a folder");
        HttpResponse<String> response = post("/", "application/x-www-form-urlencoded", "To=%2B12025550160&From=%2B15017122661&Body=x");
        assertEquals(503, response.statusCode());
        assertEquals("60", response.headers().firstValue("Retry-After").orElse(""));
        assertEquals(List.of(), list(spoolDir.resolve("staging")), "no half-written file stays in staging");
        Files.delete(spoolDir.resolve("staging"));
        Files.delete(outgoing);
        Files.createDirectories(outgoing);
        assertEquals(503, post("/", "application/x-www-form-urlencoded", "To=%2B12025550160&From=%2B15017122661&Body=x").statusCode(),
                "a missing staging folder");
        assertEquals(List.of(), list(outgoing));
    }

    @Test
    void aClientThatTricklesItsBodyIsCutOffWith408AndStoresNothing() throws Exception {
        start("http_body_timeout = 0.5");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", daemon.httpPort())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            String body = "To=%2B12025550160&From=%2B15017122661&Body=" + "x".repeat(200);
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            int sent = 0;
            try {
                while (sent < body.length() && in.available() == 0) {
                    out.write(body.charAt(sent++));
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (java.io.IOException cutOff) {
                // the server closed the connection while we were still sending
            }
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 408 Request Timeout", status);
            assertTrue(sent < body.length(), "cut off before the whole body arrived: " + sent + " of " + body.length() + " bytes");
        }
        assertNoCallFile();
    }

    @Test
    void aBodyThatStopsComingHasItsConnectionClosedSoonAfterTheBodyTimeout() throws Exception {
        start("http_body_timeout = 0.5");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", daemon.httpPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 200\r\n\r\nTo=%2B1202").getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            int read = socket.getInputStream().read();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-1, read, "closed, not answered: the client stopped sending and no answer could reach it");
            assertTrue(millis >= 400 && millis < 5_000, "closed after the body timeout and a second's grace, not held: " + millis + " ms");
        }
        long until = System.nanoTime() + 5_000_000_000L;
        while (daemon.metrics().refused().labels("too_slow").sum() == 0 && System.nanoTime() < until) {
            Thread.sleep(10); // the client sees the close a moment before the handler counts it
        }
        assertEquals(1, daemon.metrics().refused().labels("too_slow").sum());
        assertNoCallFile();
        assertEquals(200, post("/", "application/x-www-form-urlencoded", "To=%2B12025550160&From=%2B15017122661&Body=next").statusCode(),
                "the handler thread is free for the next webhook, its interrupt cleared");
    }

    @Test
    void anMmsReachesThePhoneAsItsTextWithItsPicturesAsLinksOnePerLine() throws Exception {
        start("provider = twilio-like", "127.0.0.1", Optional.empty(), Optional.empty());
        String form = "MessageSid=MM0001&To=%2B12025550160&From=%2B15017122661&Body=Look&NumMedia=3"
                + "&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2FMedia%2FME1&MediaUrl1=javascript%3Aalert(1)&MediaUrl2=https%3A%2F%2Fapi.twilio.com%2FMedia%2FME3";
        assertEquals(200, post("/", "application/x-www-form-urlencoded", form).statusCode());
        String file = onlyCallFile();
        // "Look\nhttps://…ME1\nhttps://…ME3", RFC 3986 encoded: a link that is no http(s) URL is left out.
        assertTrue(file.contains("setvar: MESSAGE(body)=Look%0Ahttps%3A%2F%2Fapi.twilio.com%2FMedia%2FME1%0Ahttps%3A%2F%2Fapi.twilio.com%2FMedia%2FME3\n"), file);
    }

    @Test
    void theSameWebhookDeliveredTwiceGivesOneCallFileAlsoAfterARestart() throws Exception {
        Path state = spoolDir.resolve("state");
        String twilio = "provider = twilio-like";
        String form = "MessageSid=SM0001&To=%2B12025550160&From=%2B15017122661&Body=once";
        start(twilio, "127.0.0.1", Optional.empty(), Optional.of(MessageIds.open(state, java.time.Duration.ofDays(1))));
        HttpResponse<String> first = post("/", "application/x-www-form-urlencoded", form);
        HttpResponse<String> again = post("/", "application/x-www-form-urlencoded", form);
        assertEquals(List.of(200, 200), List.of(first.statusCode(), again.statusCode()));
        assertEquals("<Response></Response>", again.body(), "a repeat gets the normal ack");
        daemon.close();
        start(twilio, "127.0.0.1", Optional.empty(), Optional.of(MessageIds.open(state, java.time.Duration.ofDays(1))));
        assertEquals(200, post("/", "application/x-www-form-urlencoded", form).statusCode());
        assertEquals(1, list(spoolDir.resolve("outgoing")).size(), "one call file for one message id");
        assertEquals(200, post("/", "application/x-www-form-urlencoded", form.replace("SM0001", "SM0002")).statusCode());
        assertEquals(2, list(spoolDir.resolve("outgoing")).size(), "another id is another message");
    }

    @Test
    void theLogLineOfAnIncomingMessageNamesItsSenderItsIdAndItsCallFile() throws Exception {
        start("provider = twilio-like", "127.0.0.1", Optional.empty(), Optional.of(MessageIds.open(spoolDir.resolve("state"), java.time.Duration.ofDays(1))));
        String form = "MessageSid=SM0009&To=%2B12025550160&From=MyBank&Body=code+1234";
        List<String> lines;
        try (LogCapture log = LogCapture.start()) {
            assertEquals(200, post("/", "application/x-www-form-urlencoded", form).statusCode());
            assertEquals(200, post("/", "application/x-www-form-urlencoded", form).statusCode());
            lines = log.lines("in ");
        }
        List<Path> files = list(spoolDir.resolve("outgoing"));
        assertEquals(1, files.size(), files.toString());
        String name = files.get(0).getFileName().toString();
        assertTrue(name.matches("websms-\\d+-\\d+-[0-9a-f]{8}\\.call"), name);
        assertTrue(Files.readString(files.get(0)).contains("setvar: MESSAGE(from)=MyBank\n"), "the sender as the call file has it");
        assertEquals(List.of("in interface=- result=STORED to=+12025550160 from=MyBank itsp_id=SM0009 file=" + name,
                "in interface=- result=DUPLICATE to=+12025550160 from=MyBank itsp_id=SM0009 file=-"), lines);
    }

    @Test
    void withoutAnIdTheSameTextCountsOnceWhenDedupeContentIsOn() throws Exception {
        start("", "127.0.0.1", Optional.empty(), Optional.empty(), Optional.of(MessageIds.open(spoolDir.resolve("contents"), java.time.Duration.ofMinutes(5))));
        String form = "To=%2B12025550160&From=%2B15017122661&Body=same";
        assertEquals(200, post("/", "application/x-www-form-urlencoded", form).statusCode());
        assertEquals(200, post("/", "application/x-www-form-urlencoded", form).statusCode());
        assertEquals(1, list(spoolDir.resolve("outgoing")).size());
        assertEquals(200, post("/", "application/x-www-form-urlencoded", form.replace("same", "other")).statusCode());
        assertEquals(2, list(spoolDir.resolve("outgoing")).size());
    }

    @Test
    void aWebhookThatCouldNotBeStoredIsNotRememberedSoItsRetryIsStored() throws Exception {
        Path state = spoolDir.resolve("state");
        start("provider = twilio-like", "127.0.0.1", Optional.empty(), Optional.of(MessageIds.open(state, java.time.Duration.ofDays(1))));
        String form = "MessageSid=SM0003&To=%2B12025550160&From=%2B15017122661&Body=retry";
        Files.delete(spoolDir.resolve("staging"));
        assertEquals(503, post("/", "application/x-www-form-urlencoded", form).statusCode());
        Files.createDirectories(spoolDir.resolve("staging"));
        assertEquals(200, post("/", "application/x-www-form-urlencoded", form).statusCode());
        assertEquals(1, list(spoolDir.resolve("outgoing")).size());
    }

    @Test
    void healthIsUpWhileCallFilesCanBeWrittenAndDownWithTheReasonWhenNot() throws Exception {
        start("", "127.0.0.1", Optional.of(new InetSocketAddress("127.0.0.1", 0)));
        URI health = URI.create("http://127.0.0.1:" + daemon.adminPort() + "/health");
        HttpResponse<String> up = send(HttpRequest.newBuilder(health).GET());
        assertEquals(200, up.statusCode());
        assertEquals("{\"status\":\"UP\",\"checks\":{\"config\":\"UP\",\"spool\":\"UP\",\"connections\":\"UP\"}}", up.body());
        Files.delete(spoolDir.resolve("staging"));
        HttpResponse<String> down = send(HttpRequest.newBuilder(health).GET());
        assertEquals(503, down.statusCode());
        assertTrue(down.body().startsWith("{\"status\":\"DOWN\",\"checks\":{\"config\":\"UP\",\"spool\":\"DOWN\",\"connections\":\"UP\"},\"reason\":\"stagingdir "), down.body());
        HttpResponse<String> onWebhookPort = send(HttpRequest.newBuilder(uri("/health")).GET());
        assertEquals("Bad Request: To: the destination number is missing\n", onWebhookPort.body(), "the webhook port serves webhooks only");
        Files.createDirectories(spoolDir.resolve("staging"));
        assertEquals(200, send(HttpRequest.newBuilder(health).GET()).statusCode(), "it recovers by itself");
    }

    private void assertBody(String encoded) throws IOException {
        List<Path> files = list(spoolDir.resolve("outgoing"));
        assertEquals(1, files.size(), files.toString());
        String file = Files.readString(files.get(0));
        Files.delete(files.get(0));
        assertEquals(encoded, value(file.lines().toList(), "setvar: MESSAGE(body)="), file);
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + lines));
    }

    private String onlyCallFile() throws IOException {
        List<Path> files = list(spoolDir.resolve("outgoing"));
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).getFileName().toString().endsWith(".call"));
        return Files.readString(files.get(0));
    }

    private void assertNoCallFile() throws IOException {
        assertEquals(List.of(), list(spoolDir.resolve("outgoing")));
        assertEquals(List.of(), list(spoolDir.resolve("staging")));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + daemon.httpPort() + pathAndQuery);
    }

    private HttpResponse<String> post(String path, String contentTypeOrForwardedFor, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentTypeOrForwardedFor.contains("/")) {
            request.header("Content-Type", contentTypeOrForwardedFor);
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", contentTypeOrForwardedFor);
        }
        return send(request);
    }

    private HttpResponse<String> post(URI uri, String form) throws Exception {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
