package io.websms.runtime.inbound;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.WebhookException;
import io.websms.provider.generic.GenericWebhookParser;
import io.websms.runtime.asterisk.CallFile;
import io.websms.runtime.config.AstQueueSettings;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated and mutated webhooks (form, JSON, multipart, raw bytes) thrown at the body reader, the generic parser and
 * the call-file writer: bad input is only ever refused (a 400), never a crash; and every call file written parses
 * back, with a strict reader, to exactly the message that was accepted. 10⁵ tries in all.
 */
class WebhookPropertiesTest {

    private static final GenericWebhookParser PARSER = new GenericWebhookParser();
    private static final InterfaceConfig CONFIG = InterfaceConfig.builder(Direction.INBOUND)
            .put("key_to", "To").put("key_from", "From").put("key_body", "Body").put("key_echo", "").build();
    private static final AstQueueSettings QUEUE = new AstQueueSettings("no", "dp_entry_answer", "dp_entry_text_in", 0, "rfc3986",
            Path.of("/o"), 1, 300, Path.of("/s"), 45, OptionalInt.empty(), "", "", "", "");

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("+0123456789\r\n\u0000;#<>\" ").ofMaxLength(24),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(30),
                Arbitraries.strings().all().ofMinLength(1000).ofMaxLength(6000),
                Arbitraries.of("+12025550160", "12025550160", "+", "", "MyBank", "😀", "\r\n", "+1202\r\nApplication: System"));
    }

    @Provide
    Arbitrary<Map<String, String>> fields() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("To", "From", "Body", "result", "event", "to", "Body[]", ""),
                Arbitraries.strings().all().ofMaxLength(8));
        return Arbitraries.maps(names, anyText()).ofMaxSize(6);
    }

    @Property(tries = 40_000)
    void formWebhooks(@ForAll("fields") Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        check("application/x-www-form-urlencoded", form.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 20_000)
    void jsonWebhooksNestedAndDuplicated(@ForAll("fields") Map<String, String> fields, @ForAll("depth") int depth, @ForAll boolean duplicate) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(quote(k)).append(':').append(quote(v)));
        if (duplicate) {
            json.append(json.length() > 1 ? "," : "").append("\"To\":\"+1\",\"To\":\"+2\"");
        }
        json.append(json.length() > 1 ? "," : "").append("\"deep\":").append("[".repeat(depth)).append("]".repeat(depth));
        json.append(",\"result\":").append(quote("{\"To\":\"+12025550160\",\"From\":\"+15017122661\",\"Body\":\"nested\"}")).append('}');
        check("application/json", json.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<Integer> depth() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 50), Arbitraries.integers().between(900, 5000));
    }

    @Property(tries = 25_000)
    void rawAndMutatedBytes(@ForAll("contentType") String contentType, @ForAll byte[] bytes, @ForAll("fields") Map<String, String> fields,
                            @ForAll("mutation") int position) {
        check(contentType, bytes);
        byte[] form = ("To=%2B12025550160&From=%2B15017122661&Body=" + URLEncoder.encode(fields.toString(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        form[Math.floorMod(position, form.length)] = (byte) (position >> 8);
        check("application/x-www-form-urlencoded", form);
    }

    @Provide
    Arbitrary<String> contentType() {
        return Arbitraries.of("application/x-www-form-urlencoded", "application/json", "multipart/form-data; boundary=XyZ",
                "multipart/form-data", "text/plain", "", "application/vnd.api+json");
    }

    @Provide
    Arbitrary<Integer> mutation() {
        return Arbitraries.integers().between(0, 1 << 16);
    }

    @Property(tries = 15_000)
    void multipartWebhooks(@ForAll("fields") Map<String, String> fields, @ForAll boolean truncate) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append("--XyZ\r\nContent-Disposition: form-data; name=\"").append(k.replace("\"", "")).append("\"\r\n\r\n")
                .append(v).append("\r\n"));
        body.append("--XyZ--\r\n");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        if (truncate && bytes.length > 4) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        }
        check("multipart/form-data; boundary=XyZ", bytes);
    }

    /** Reads, parses and writes one webhook; refusals must be the 400 kinds, and a written file must read back exactly. */
    private static void check(String contentType, byte[] body) {
        InboundRequest.Builder request = InboundRequest.builder().headers(io.websms.api.Headers.of(
                List.of(new io.websms.api.Headers.Field("Content-Type", contentType.isEmpty() ? "application/octet-stream" : contentType)))).body(body);
        try {
            for (Map.Entry<String, String> field : RequestBody.fields(contentType, body)) {
                request.field(field.getKey(), field.getValue());
            }
        } catch (IllegalArgumentException refused) {
            return; // 400: a malformed body
        }
        Message message;
        try {
            message = PARSER.parse(request.build(), CONFIG);
        } catch (WebhookException refused) {
            assertEquals(400, refused.status());
            return;
        }
        CallFile file;
        try {
            file = CallFile.of(message, QUEUE);
        } catch (IllegalArgumentException refused) {
            return; // 400: a number that could break the file
        }
        assertEquals(message, readBack(new String(file.bytes(), StandardCharsets.UTF_8)));
    }

    /** A strict reader of the call files websms writes. */
    static Message readBack(String file) {
        assertTrue(file.endsWith("\n"), "the file ends with a line end");
        List<String> lines = List.of(file.substring(0, file.length() - 1).split("\n", -1));
        Map<String, String> vars = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (String line : lines) {
            assertTrue(line.length() <= 1022, "Asterisk skips a line longer than 1022 characters");
            assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == ';'), () -> "a control character or ; in: " + line);
            assertTrue(!line.contains(" #"), () -> "a comment start in: " + line);
            if (line.startsWith("setvar: ")) {
                int eq = line.indexOf('=');
                vars.put(line.substring(8, eq), line.substring(eq + 1));
                order.add(line.substring(8, eq));
            } else {
                assertTrue(line.matches("[A-Za-z]+: .+"), () -> "not a call-file line: " + line);
            }
        }
        assertEquals("Channel: Local/" + vars.get("MESSAGE(to)") + "@dp_entry_answer", lines.get(0));
        assertEquals("CallerID: \"\" <" + vars.get("MESSAGE(from)") + ">", lines.get(1));
        assertEquals(List.of("MESSAGE(to)", "MESSAGE(from)", "MESSAGE(body)", "MESSAGE_ENCODE"), order.subList(0, 4));
        StringBuilder encoded = new StringBuilder(vars.get("MESSAGE(body)"));
        int parts = Integer.parseInt(vars.getOrDefault("WEBSMS_BODY_PARTS", "1"));
        for (int i = 2; i <= parts; i++) {
            encoded.append(vars.get("WEBSMS_BODY_" + i));
        }
        assertTrue(encoded.toString().matches("[A-Za-z0-9._~%-]*"), "only unreserved characters and escapes");
        return Message.of(vars.get("MESSAGE(to)"), vars.get("MESSAGE(from)"), URLDecoder.decode(encoded.toString().replace("+", "%2B"), StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.append('"').toString();
    }
}
