package io.websms.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads the value part of a {@code key = value} line the way PHP's {@code parse_ini_file} (normal scanner) does,
 * which is what the original WebSMS's users wrote their files for:
 * <ul>
 *   <li>{@code "double quotes"}: {@code ;} and {@code =} are plain text inside; {@code \"}, {@code \\} and
 *       {@code \$} are escapes, any other backslash is kept; {@code ${NAME}} expands; may span lines;</li>
 *   <li>{@code 'single quotes'}: everything literal, no expansion;</li>
 *   <li>unquoted: {@code ;} starts a comment, {@code #} does not, backslashes are kept, {@code ${NAME}} expands,
 *       surrounding blanks go; a value that is only {@code yes/true/on} reads {@code "1"}, only
 *       {@code no/false/off/none/null} reads {@code ""}; an {@code =} (which PHP refuses) is kept, with a warning.</li>
 * </ul>
 * {@code ${NAME}} takes the environment variable {@code NAME}; an unset one gives {@code ""}.
 */
final class PhpIniValue {

    /** What reading a value gave. */
    sealed interface Result permits Value, Unterminated, Invalid {
    }

    /** A complete value, with warnings about how PHP would have treated it. */
    record Value(String text, List<String> warnings) implements Result {
    }

    /** A quote opened and not closed: the value goes on on the next line. */
    record Unterminated(char quote) implements Result {
    }

    /** The value cannot be read; {@code message} says why. */
    record Invalid(String message) implements Result {
    }

    private PhpIniValue() {
    }

    static Result read(String raw, Function<String, String> env) {
        StringBuilder out = new StringBuilder();
        List<String> warnings = new ArrayList<>();
        boolean quotedOrExpanded = false;
        int unquotedEnd = 0; // length of out up to the last non-blank unquoted character or quoted text
        int i = 0;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            if (c == ';') {
                break; // a comment runs to the end of the line
            } else if (c == '"') {
                quotedOrExpanded = true;
                int close = readDoubleQuoted(raw, i + 1, out, env);
                if (close < 0) {
                    return close == -1 ? new Unterminated('"') : new Invalid("a ${ inside the quotes has no closing }");
                }
                i = close + 1;
                unquotedEnd = out.length();
            } else if (c == '\'') {
                quotedOrExpanded = true;
                int close = raw.indexOf('\'', i + 1);
                if (close < 0) {
                    return new Unterminated('\'');
                }
                out.append(raw, i + 1, close);
                i = close + 1;
                unquotedEnd = out.length();
            } else if (c == '$' && i + 1 < n && raw.charAt(i + 1) == '{') {
                quotedOrExpanded = true;
                int close = raw.indexOf('}', i + 2);
                if (close < 0) {
                    return new Invalid("${ has no closing }");
                }
                out.append(expand(raw.substring(i + 2, close), env));
                i = close + 1;
                unquotedEnd = out.length();
            } else {
                if (c == '=') {
                    warnings.add("an unquoted '=' in a value makes PHP reject the whole file; websms reads it as text");
                }
                out.append(c);
                if (!Character.isWhitespace(c)) {
                    unquotedEnd = out.length();
                }
                i++;
            }
        }
        String text = out.substring(0, unquotedEnd).stripLeading();
        if (!quotedOrExpanded) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "yes", "true", "on" -> text = "1";
                case "no", "false", "off", "none", "null" -> text = "";
                default -> { }
            }
        }
        return new Value(text, warnings);
    }

    /**
     * Appends the double-quoted text starting at {@code start} to {@code out}. Returns the index of the closing
     * quote, -1 when there is none, -2 when a {@code ${} inside is not closed.
     */
    private static int readDoubleQuoted(String raw, int start, StringBuilder out, Function<String, String> env) {
        int i = start;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < n) {
                char next = raw.charAt(i + 1);
                if (next == '"' || next == '\\' || next == '$') {
                    out.append(next);
                } else {
                    out.append(c).append(next);
                }
                i += 2;
            } else if (c == '$' && i + 1 < n && raw.charAt(i + 1) == '{') {
                int close = raw.indexOf('}', i + 2);
                if (close < 0) {
                    return -2;
                }
                out.append(expand(raw.substring(i + 2, close), env));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return -1;
    }

    private static String expand(String name, Function<String, String> env) {
        String value = env.apply(name.trim());
        return value == null ? "" : value;
    }
}
