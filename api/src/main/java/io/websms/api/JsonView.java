package io.websms.api;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * A read-only view of a JSON value: of a webhook's body ({@link InboundRequest#json()}), of the ITSP's reply
 * ({@link ItspResponse#json()}), or of any text ({@link #parse(String)}), so that no plugin writes its own JSON parser.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * JsonView payload = request.json().at("data.payload");
 * String to = payload.at("to[0].phone_number").text()
 *         .orElseThrow(() -> WebhookException.badRequest("data.payload.to", "no recipient"));
 * for (JsonView media : payload.get("media").elements()) { ... }
 * }</pre>
 *
 * <p>Navigation never fails and never gives {@code null}: a member or element that is not there (or asked of a value
 * that is no object or array) is a <em>missing</em> view, whose reads are all empty, so that a chain of
 * {@link #get(String)} and {@link #get(int)} is read once, at its end. {@link #isMissing()} (nothing there) differs
 * from {@link #isNull()} (a JSON {@code null}).
 *
 * <p>{@link #at(String) Paths} are those of the generic provider's JSON keys ({@code key_to = data.payload.to[0].phone_number}):
 * member names separated by dots, each followed by any number of {@code [N]} element indexes.
 *
 * <p>Numbers keep their text as written ({@code 12.50}, {@code 1e3}): {@link #text()} gives it, and
 * {@link #number()} its exact value. Sizes are bounded before a view is made: a webhook's body by {@code http_max_body},
 * an ITSP's reply by websms's reply limit; nesting by the {@link JsonSupport} (1000 levels in websms's, the bound the
 * runtime already applies to a JSON body).
 */
public final class JsonView {

    /** What a view holds. */
    public enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL, MISSING }

    private static final JsonView MISSING = new JsonView(Kind.MISSING, null);
    private static final JsonView NULL = new JsonView(Kind.NULL, null);
    private static final JsonView TRUE = new JsonView(Kind.BOOLEAN, Boolean.TRUE);
    private static final JsonView FALSE = new JsonView(Kind.BOOLEAN, Boolean.FALSE);
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private final Kind kind;
    /** The members (an unmodifiable map in order), the elements (a list), the string, the number's text or the boolean. */
    private final Object value;

    private JsonView(Kind kind, Object value) {
        this.kind = kind;
        this.value = value;
    }

    // ---- reading text

    /**
     * The JSON value {@code text} holds.
     *
     * @throws JsonException saying what is wrong and where
     * @throws IllegalStateException when no {@link JsonSupport} is on the class path (add {@code io.websms:websms-json})
     */
    public static JsonView parse(String text) throws JsonException {
        return Support.get().parse(Objects.requireNonNull(text, "text"));
    }

    /**
     * The JSON value the UTF-8 bytes {@code utf8} hold (JSON on the wire is UTF-8, RFC 8259).
     *
     * @throws JsonException when they are not UTF-8, or not JSON
     * @throws IllegalStateException when no {@link JsonSupport} is on the class path (add {@code io.websms:websms-json})
     */
    public static JsonView parse(byte[] utf8) throws JsonException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("not UTF-8, which JSON on the wire is");
        }
        return parse(text);
    }

    // ---- building (for a JsonSupport, and for tests)

    /** Nothing: what navigation gives where there is no value. */
    public static JsonView missing() {
        return MISSING;
    }

    /** JSON {@code null}. */
    public static JsonView ofNull() {
        return NULL;
    }

    /** A JSON string. */
    public static JsonView ofString(String value) {
        return new JsonView(Kind.STRING, Objects.requireNonNull(value, "value"));
    }

    /**
     * A JSON number, kept as written.
     *
     * @throws IllegalArgumentException when {@code text} is not a JSON number ({@code -12.5e3}, no {@code +1}, {@code 01} or {@code NaN})
     */
    public static JsonView ofNumber(String text) {
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("Not a JSON number: '" + text + "'");
        }
        return new JsonView(Kind.NUMBER, text);
    }

    /** JSON {@code true} or {@code false}. */
    public static JsonView ofBoolean(boolean value) {
        return value ? TRUE : FALSE;
    }

    /** A JSON array of {@code elements}, none of them missing. */
    public static JsonView ofArray(List<JsonView> elements) {
        for (JsonView element : elements) {
            if (element.isMissing()) {
                throw new IllegalArgumentException("A missing value cannot be an element of an array");
            }
        }
        return new JsonView(Kind.ARRAY, List.copyOf(elements));
    }

    /** A JSON object of {@code members}, in their map's order, none of them missing. */
    public static JsonView ofObject(Map<String, JsonView> members) {
        Map<String, JsonView> copy = new LinkedHashMap<>();
        members.forEach((name, member) -> {
            if (member.isMissing()) {
                throw new IllegalArgumentException("A missing value cannot be the member '" + name + "' of an object");
            }
            copy.put(Objects.requireNonNull(name, "name"), member);
        });
        return new JsonView(Kind.OBJECT, Collections.unmodifiableMap(copy));
    }

    // ---- what it is

    /** What this view holds. */
    public Kind kind() {
        return kind;
    }

    /** Whether there is nothing here: a member or element that is not there. */
    public boolean isMissing() {
        return kind == Kind.MISSING;
    }

    /** Whether this is JSON {@code null} (which is there, unlike a missing value). */
    public boolean isNull() {
        return kind == Kind.NULL;
    }

    /** Whether this is a JSON object. */
    public boolean isObject() {
        return kind == Kind.OBJECT;
    }

    /** Whether this is a JSON array. */
    public boolean isArray() {
        return kind == Kind.ARRAY;
    }

    /** Whether this is a JSON string. */
    public boolean isString() {
        return kind == Kind.STRING;
    }

    /** Whether this is a JSON number. */
    public boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    /** Whether this is JSON {@code true} or {@code false}. */
    public boolean isBoolean() {
        return kind == Kind.BOOLEAN;
    }

    // ---- navigating

    /** The member {@code name} of this object; missing when this is no object or has no such member. */
    public JsonView get(String name) {
        JsonView member = kind == Kind.OBJECT ? members().get(name) : null;
        return member == null ? MISSING : member;
    }

    /** The element at {@code index} (from 0) of this array; missing when this is no array or has no such element. */
    public JsonView get(int index) {
        List<JsonView> elements = elements();
        return index >= 0 && index < elements.size() ? elements.get(index) : MISSING;
    }

    /**
     * The value at {@code path} below this one; missing where the path leads nowhere. A path is member names
     * separated by dots, each followed by any number of element indexes in brackets:
     * {@code data.payload.to[0].phone_number}; it may start with an index ({@code [0].id}) for an array, and the
     * empty path is this value. A member whose name holds {@code .}, {@code [} or {@code ]} is reached with
     * {@link #get(String)}.
     *
     * @throws IllegalArgumentException when {@code path} is not such a path, saying why
     */
    public JsonView at(String path) {
        JsonView node = this;
        for (Object step : steps(path)) {
            node = step instanceof String name ? node.get(name) : node.get((Integer) step);
        }
        return node;
    }

    /** The steps of {@code path}: member names (String) and indexes (Integer; MAX_VALUE for one beyond any array). */
    private static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            int start = i;
            while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
                if (path.charAt(i) == ']') {
                    throw badPath(path, "a ']' without its '['");
                }
                i++;
            }
            if (i > start) {
                steps.add(path.substring(start, i));
            } else if (start != 0 || path.charAt(i) != '[') {
                throw badPath(path, "an empty member name at position " + start);
            }
            while (i < n && path.charAt(i) == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw badPath(path, "a '[' without its ']'");
                }
                String digits = path.substring(i + 1, close);
                if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw badPath(path, "[" + digits + "] is not an index (digits)");
                }
                steps.add(digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits));
                i = close + 1;
            }
            if (i < n) {
                if (path.charAt(i) != '.') {
                    throw badPath(path, "'" + path.charAt(i) + "' after an index, where a '.' or '[' belongs");
                }
                if (++i == n) {
                    throw badPath(path, "it ends with '.'");
                }
            }
        }
        return steps;
    }

    private static IllegalArgumentException badPath(String path, String problem) {
        return new IllegalArgumentException("Not a JSON path (like data.payload.to[0].phone_number): '" + path + "': " + problem);
    }

    // ---- reading values

    /**
     * The text of a string; of a number, its JSON text as written ({@code 12.50}); of a boolean, {@code true} or
     * {@code false}. Empty for {@code null}, an object, an array, or a missing value.
     */
    public Optional<String> text() {
        return switch (kind) {
            case STRING, NUMBER -> Optional.of((String) value);
            case BOOLEAN -> Optional.of(value.toString());
            default -> Optional.empty();
        };
    }

    /**
     * The exact value of a number. Empty for anything else (a string that holds digits too: read it with
     * {@link #text()}), and for a number whose exponent is beyond {@link BigDecimal}'s range.
     */
    public Optional<BigDecimal> number() {
        if (kind != Kind.NUMBER) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal((String) value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The value of {@code true} or {@code false}; empty for anything else (the string {@code "true"} too). */
    public Optional<Boolean> bool() {
        return kind == Kind.BOOLEAN ? Optional.of((Boolean) value) : Optional.empty();
    }

    /** The elements of an array, in order; empty for anything else. */
    @SuppressWarnings("unchecked")
    public List<JsonView> elements() {
        return kind == Kind.ARRAY ? (List<JsonView>) value : List.of();
    }

    /** The members of an object, in the order they were written; empty for anything else. */
    @SuppressWarnings("unchecked")
    public Map<String, JsonView> members() {
        return kind == Kind.OBJECT ? (Map<String, JsonView>) value : Map.of();
    }

    /** The member names of an object, in the order they were written; empty for anything else. */
    public List<String> fieldNames() {
        return List.copyOf(members().keySet());
    }

    /**
     * This value as compact JSON text ({@code {"a":[1,true]}}), numbers as written; {@code ""} for a missing value,
     * which has none. What a provider hands on when a container is to be taken as text.
     */
    public String toJson() {
        StringBuilder out = new StringBuilder();
        write(out);
        return out.toString();
    }

    private void write(StringBuilder out) {
        switch (kind) {
            case OBJECT -> {
                out.append('{');
                Iterator<Map.Entry<String, JsonView>> it = members().entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<String, JsonView> member = it.next();
                    JsonText.string(out, member.getKey());
                    out.append(':');
                    member.getValue().write(out);
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                List<JsonView> elements = elements();
                for (int i = 0; i < elements.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    elements.get(i).write(out);
                }
                out.append(']');
            }
            case STRING -> JsonText.string(out, (String) value);
            case NUMBER, BOOLEAN -> out.append(value);
            case NULL -> out.append("null");
            case MISSING -> { }
        }
    }

    /** Same kind and same value; numbers by their text, objects whatever the order of their members. */
    @Override
    public boolean equals(Object o) {
        return o instanceof JsonView v && kind == v.kind && Objects.equals(value, v.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    /** {@link #toJson()}, or {@code (missing)}. */
    @Override
    public String toString() {
        return isMissing() ? "(missing)" : toJson();
    }

    /** The {@link JsonSupport} on the class path, found on first use; looked for again while there is none. */
    private static final class Support {
        private static volatile JsonSupport found;

        static JsonSupport get() {
            JsonSupport support = found;
            if (support == null) {
                support = load();
                found = support;
            }
            return support;
        }

        private static JsonSupport load() {
            // The api's own loader first (websms's lib/), then the thread's (a container that loads plugins apart).
            for (ClassLoader loader : new ClassLoader[] {JsonSupport.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
                Iterator<JsonSupport> it = ServiceLoader.load(JsonSupport.class, loader).iterator();
                if (it.hasNext()) {
                    return it.next();
                }
            }
            throw new IllegalStateException("No JSON support on the class path: reading JSON needs an implementation of "
                    + JsonSupport.class.getName() + ". Add io.websms:websms-json (websms's lib/ has it; a plugin's tests get it "
                    + "through io.websms:websms-conformance-tests, or add it in test scope)");
        }
    }
}
