package io.websms.provider.generic;

import io.websms.api.InterfaceConfig;
import io.websms.api.ItspResponse;
import io.websms.api.JsonException;
import io.websms.api.JsonView;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;

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
        JsonView reply;
        try {
            reply = response.json();
        } catch (JsonException e) {
            return SendResult.rejected(status, "the reply is not JSON, so resp_check = " + check + " cannot pass" + reasonFrom(response));
        }
        int eq = check.indexOf('=');
        if (eq >= 0) {
            String key = check.substring(0, eq);
            String expected = check.substring(eq + 1).split("=", -1)[0];
            JsonView found = lastOccurrence(reply, key);
            if (found.isMissing()) {
                return SendResult.rejected(status, "the reply has no '" + key + "' (resp_check = " + check + ")" + reasonFrom(response));
            }
            String actual = found.text().orElse("null");
            return actual.equals(expected) ? SendResult.sent(status, null)
                    : SendResult.rejected(status, "the reply's " + key + " is " + clip(actual) + ", not " + expected + reasonFrom(response));
        }
        return regex(check, reply, status, response);
    }

    private static SendResult regex(String check, JsonView reply, int status, ItspResponse response) {
        Pattern pattern;
        try {
            pattern = phpRegex(check);
        } catch (IllegalArgumentException e) {
            return SendResult.rejected(status, "resp_check = " + check + " is not a usable /regex/: " + e.getMessage());
        }
        if (!reply.isString()) {
            return SendResult.rejected(status, "resp_check = " + check + " needs the reply to be a JSON string" + reasonFrom(response));
        }
        return pattern.matcher(reply.text().orElseThrow()).find() ? SendResult.sent(status, null)
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

    /** The value of the last member named {@code key} in a depth-first walk in document order; missing when none. */
    static JsonView lastOccurrence(JsonView node, String key) {
        JsonView found = JsonView.missing();
        for (Map.Entry<String, JsonView> member : node.members().entrySet()) {
            JsonView value = member.getValue();
            // Like PHP's array_walk_recursive, only leaves (not objects or arrays) count.
            if (member.getKey().equals(key) && !value.isObject() && !value.isArray()) {
                found = value;
            }
            JsonView inner = lastOccurrence(value, key);
            if (!inner.isMissing()) {
                found = inner;
            }
        }
        for (JsonView element : node.elements()) {
            JsonView inner = lastOccurrence(element, key);
            if (!inner.isMissing()) {
                found = inner;
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
            JsonView reply = response.json();
            for (String name : new String[] {"message", "error", "reason", "detail"}) {
                JsonView value = reply.get(name);
                if (!value.isObject() && !value.isArray() && !value.isMissing()) {
                    return ": " + clip(value.text().orElse("null"));
                }
            }
        } catch (JsonException e) {
            // not JSON: quote the start of the text
        }
        return ": " + clip(body);
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "…";
    }
}
