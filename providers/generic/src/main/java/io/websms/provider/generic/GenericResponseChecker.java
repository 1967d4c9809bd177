package io.websms.provider.generic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.websms.api.InterfaceConfig;
import io.websms.api.ItspResponse;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Judges a reply by the {@code resp_check} key. A non-2xx status is always a failure: 408, 429 and 5xx may pass
 * later, any other status is a rejection. With a 2xx and no {@code resp_check}, the message is sent. With
 * {@code resp_check = key=value}, the reply must be JSON holding {@code key} (at any depth, the last occurrence
 * counting, as the original's recursive walk did) with that value, numbers and booleans compared by their JSON
 * text. With {@code resp_check = /regex/}, the reply must be a JSON string the regex finds a match in.
 */
public final class GenericResponseChecker implements ResponseChecker {

    private static final int MAX_REASON = 200;

    /** Made on first use: most interfaces have no resp_check, and a one-shot send should not pay for Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    public SendResult check(ItspResponse response, InterfaceConfig config) {
        int status = response.status();
        if (!response.isSuccessful()) {
            String reason = "HTTP " + status + reasonFrom(response);
            return status == 408 || status == 429 || status >= 500
                    ? SendResult.failed(status, reason) : SendResult.rejected(status, reason);
        }
        String check = config.value("resp_check");
        if (check.isEmpty()) {
            return SendResult.sent(status, null);
        }
        JsonNode reply;
        try {
            reply = Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            reply = null;
        }
        if (reply == null || reply.isMissingNode()) {
            return SendResult.rejected(status, "the reply is not JSON, so resp_check = " + check + " cannot pass" + reasonFrom(response));
        }
        int eq = check.indexOf('=');
        if (eq >= 0) {
            String key = check.substring(0, eq);
            String expected = check.substring(eq + 1).split("=", -1)[0];
            JsonNode found = lastOccurrence(reply, key);
            if (found == null) {
                return SendResult.rejected(status, "the reply has no '" + key + "' (resp_check = " + check + ")" + reasonFrom(response));
            }
            String actual = found.isNull() ? "null" : found.asText();
            return actual.equals(expected) ? SendResult.sent(status, null)
                    : SendResult.rejected(status, "the reply's " + key + " is " + clip(actual) + ", not " + expected + reasonFrom(response));
        }
        return regex(check, reply, status, response);
    }

    private static SendResult regex(String check, JsonNode reply, int status, ItspResponse response) {
        Pattern pattern;
        try {
            pattern = phpRegex(check);
        } catch (IllegalArgumentException e) {
            return SendResult.rejected(status, "resp_check = " + check + " is not a usable /regex/: " + e.getMessage());
        }
        if (!reply.isTextual()) {
            return SendResult.rejected(status, "resp_check = " + check + " needs the reply to be a JSON string" + reasonFrom(response));
        }
        return pattern.matcher(reply.textValue()).find() ? SendResult.sent(status, null)
                : SendResult.rejected(status, "the reply does not match resp_check = " + check + reasonFrom(response));
    }

    /** A PHP {@code /pattern/flags} regex as a Java pattern (flags i, m, s, x, u). */
    static Pattern phpRegex(String text) {
        if (text.length() < 2) {
            throw new IllegalArgumentException("too short");
        }
        char delimiter = text.charAt(0);
        int end = text.lastIndexOf(delimiter);
        if (end <= 0) {
            throw new IllegalArgumentException("no closing " + delimiter);
        }
        int flags = 0;
        for (char flag : text.substring(end + 1).toCharArray()) {
            flags |= switch (flag) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                case 'u' -> Pattern.UNICODE_CHARACTER_CLASS;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            };
        }
        try {
            return Pattern.compile(text.substring(1, end), flags);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription());
        }
    }

    /** The value of the last member named {@code key} in a depth-first walk in document order. */
    static JsonNode lastOccurrence(JsonNode node, String key) {
        JsonNode found = null;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                // Like PHP's array_walk_recursive, only leaves (not objects or arrays) count.
                if (member.getKey().equals(key) && !member.getValue().isContainerNode()) {
                    found = member.getValue();
                }
                JsonNode inner = lastOccurrence(member.getValue(), key);
                if (inner != null) {
                    found = inner;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                JsonNode inner = lastOccurrence(element, key);
                if (inner != null) {
                    found = inner;
                }
            }
        }
        return found;
    }

    private static String reasonFrom(ItspResponse response) {
        String body = response.bodyText().strip();
        if (body.isEmpty()) {
            return "";
        }
        try {
            JsonNode reply = Json.MAPPER.readTree(body);
            for (String name : new String[] {"message", "error", "reason", "detail"}) {
                JsonNode value = reply.get(name);
                if (value != null && value.isValueNode()) {
                    return ": " + clip(value.asText());
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: quote the start of the text
        }
        return ": " + clip(body);
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "…";
    }
}
