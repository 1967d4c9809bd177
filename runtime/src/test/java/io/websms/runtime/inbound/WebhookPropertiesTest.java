package io.websms.runtime.inbound;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.WebhookException;
import io.websms.provider.generic.GenericWebhookParser;
import io.websms.runtime.asterisk.CallFile;
import io.websms.runtime.config.AstQueueSettings;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated and mutated webhooks (form, JSON, multipart, raw bytes) thrown at the body reader, the generic parser and
 * the call-file writer: bad input is only ever refused (a 400), never a crash; and every call file written parses
 * back, with a strict reader, to exactly the message that was accepted. 10⁵ tries in all, from a new seed each run;
 * a failure names the seed, and {@code -Dwebsms.seed=N} replays that run.
 */
class WebhookPropertiesTest {

    private static final GenericWebhookParser PARSER = new GenericWebhookParser();
    private static final InterfaceConfig CONFIG = InterfaceConfig.builder(Direction.INBOUND)
            .put("key_to", "To").put("key_from", "From").put("key_body", "Body").put("key_echo", "").build();
    private static final AstQueueSettings QUEUE = new AstQueueSettings("no", "dp_entry_answer", "dp_entry_text_in", 0, "rfc3986",
            Path.of("/o"), 1, 300, Path.of("/s"), 45, OptionalInt.empty(), "", "", "", "");

    /** A new base seed each run, so that every run tries other webhooks; {@code -Dwebsms.seed=N} replays a run. */
    private static final long SEED = Long.getLong("websms.seed", new java.security.SecureRandom().nextLong());

    @Test
    void formWebhooks() {
        tries(40_000, 1, random -> {
            StringBuilder form = new StringBuilder();
            fields(random).forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            check("application/x-www-form-urlencoded", form.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void jsonWebhooksNestedAndDuplicated() {
        tries(20_000, 2, random -> {
            StringBuilder json = new StringBuilder("{");
            fields(random).forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(quote(k)).append(':').append(quote(v)));
            if (random.nextBoolean()) {
                json.append(json.length() > 1 ? "," : "").append("\"To\":\"+1\",\"To\":\"+2\"");
            }
            int depth = random.nextBoolean() ? random.nextInt(51) : 900 + random.nextInt(4101);
            json.append(json.length() > 1 ? "," : "").append("\"deep\":").append("[".repeat(depth)).append("]".repeat(depth));
            json.append(",\"result\":").append(quote("{\"To\":\"+12025550160\",\"From\":\"+15017122661\",\"Body\":\"nested\"}")).append('}');
            check("application/json", json.toString().getBytes(StandardCharsets.UTF_8));
        });
    }

    @Test
    void rawAndMutatedBytes() {
        List<String> contentTypes = List.of("application/x-www-form-urlencoded", "application/json", "multipart/form-data; boundary=XyZ",
                "multipart/form-data", "text/plain", "", "application/vnd.api+json");
        tries(25_000, 3, random -> {
            byte[] bytes = new byte[random.nextInt(4) == 0 ? random.nextInt(4) : random.nextInt(300)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                // Edge bytes, where parsers break: NUL, 0xFF, line ends, the form and multipart separators.
                byte[] edges = {0, (byte) 0xFF, '\r', '\n', '%', '&', '=', '"', '-', ';'};
                for (int j = 0; j < bytes.length; j++) {
                    if (random.nextInt(3) == 0) {
                        bytes[j] = edges[random.nextInt(edges.length)];
                    }
                }
            }
            check(contentTypes.get(random.nextInt(contentTypes.size())), bytes);
            byte[] form = ("To=%2B12025550160&From=%2B15017122661&Body=" + URLEncoder.encode(fields(random).toString(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            int position = random.nextInt((1 << 16) + 1);
            form[Math.floorMod(position, form.length)] = (byte) (position >> 8);
            check("application/x-www-form-urlencoded", form);
        });
    }

    @Test
    void multipartWebhooks() {
        tries(15_000, 4, random -> {
            StringBuilder body = new StringBuilder();
            fields(random).forEach((k, v) -> body.append("--XyZ\r\nContent-Disposition: form-data; name=\"").append(k.replace("\"", ""))
                    .append("\"\r\n\r\n").append(v).append("\r\n"));
            body.append("--XyZ--\r\n");
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextBoolean() && bytes.length > 4) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
            }
            check("multipart/form-data; boundary=XyZ", bytes);
        });
    }

    /** Runs {@code body} {@code count} times, each with its own generator, all drawn from {@link #SEED} and the test. */
    private static void tries(int count, int test, Consumer<Random> body) {
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(SEED + test);
        for (int i = 0; i < count; i++) {
            try {
                body.accept(new Random(seeds.nextLong()));
            } catch (Throwable e) {
                throw new AssertionError("try " + i + " failed; replay with -Dwebsms.seed=" + SEED + ": " + e, e);
            }
        }
    }

    /** Up to six fields: the names a parser looks for, or any short text; values of every kind {@link #anyText} makes. */
    private static Map<String, String> fields(Random random) {
        List<String> known = List.of("To", "From", "Body", "result", "event", "to", "Body[]", "");
        Map<String, String> fields = new LinkedHashMap<>();
        for (int n = random.nextInt(7); n > 0; n--) {
            String name = random.nextBoolean() ? known.get(random.nextInt(known.size())) : chars(random, random.nextInt(9), 0, 0x10FFFF);
            fields.put(name, anyText(random));
        }
        return fields;
    }

    /** Any text: any code points, numbers with line breaks and call-file syntax, Latin-1, kilobytes long, or a known hard case. */
    private static String anyText(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> chars(random, random.nextInt(41), 0, 0x10FFFF);
            case 1 -> {
                String alphabet = "+0123456789\r\n\u0000;#<>\" ";
                StringBuilder text = new StringBuilder();
                for (int n = random.nextInt(25); n > 0; n--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                yield text.toString();
            }
            case 2 -> chars(random, random.nextInt(31), 0, 0xFF);
            case 3 -> chars(random, 1000 + random.nextInt(5001), 0, 0x10FFFF);
            default -> {
                List<String> hard = List.of("+12025550160", "12025550160", "+", "", "MyBank", "😀", "\r\n", "+1202\r\nApplication: System");
                yield hard.get(random.nextInt(hard.size()));
            }
        };
    }

    /** {@code length} random code points in [from, to]; lone surrogates included, as a broken client may send them. */
    private static String chars(Random random, int length, int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            // Mostly the BMP, where every char (a lone surrogate too) can stand alone; sometimes beyond it.
            int top = to > 0xFFFF && random.nextInt(8) > 0 ? 0xFFFF : to;
            text.appendCodePoint(from + random.nextInt(top - from + 1));
        }
        return text.toString();
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
