package io.websms.runtime.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    /**
     * A complete value, with warnings about how PHP would have treated it, and the {@code ${NAME}} variables that
     * are not set (they read as empty, as in PHP).
     */
    record Value(String text, List<String> warnings, List<String> unset) implements Result {
    }

    /** A quote opened and not closed: the value goes on on the next line. */
    record Unterminated(char quote) implements Result {
    }

    /** The value cannot be read; {@code message} says why. */
    record Invalid(String message) implements Result {
    }

    private PhpIniValue() {
    }

    /** Reads a value that is complete in {@code raw}. */
    static Result read(String raw, Function<String, String> env) {
        return new Reader(env).feed(raw);
    }

    /**
     * Reads one value fed a line at a time, for a quoted value that spans lines: each character is read once,
     * however many lines the quote spans (reading the joined lines again for every line was quadratic).
     */
    static final class Reader {
        private final Function<String, String> env;
        private final StringBuilder raw = new StringBuilder();
        private final StringBuilder out = new StringBuilder();
        private final List<String> warnings = new ArrayList<>();
        private final Set<String> unset = new LinkedHashSet<>();
        private boolean quotedOrExpanded;
        private int unquotedEnd; // length of out up to the last non-blank unquoted character or quoted text
        private int next; // the first character of raw not read yet
        private char open; // the quote the text read so far leaves open, or 0
        private int quoteStart; // where the text of an open single quote starts

        Reader(Function<String, String> env) {
            this.env = env;
        }

        /**
         * Reads {@code more}, the next part of the value (a continuation line starts with its line break). After a
         * {@link Value} or an {@link Invalid}, nothing more may be fed.
         */
        Result feed(String more) {
            raw.append(more);
            int n = raw.length();
            if (open == '"') {
                int close = readDoubleQuoted(next, n);
                if (close < 0) {
                    return close == -1 ? new Unterminated('"') : new Invalid("a ${ inside the quotes has no closing }");
                }
                closed(close);
            } else if (open == '\'') {
                int close = raw.indexOf("'", next);
                if (close < 0) {
                    next = n;
                    return new Unterminated('\'');
                }
                out.append(raw, quoteStart, close);
                closed(close);
            }
            while (next < n) {
                char c = raw.charAt(next);
                if (c == ';') {
                    break; // a comment runs to the end of the line
                } else if (c == '"') {
                    quotedOrExpanded = true;
                    open = '"';
                    int close = readDoubleQuoted(next + 1, n);
                    if (close < 0) {
                        return close == -1 ? new Unterminated('"') : new Invalid("a ${ inside the quotes has no closing }");
                    }
                    closed(close);
                } else if (c == '\'') {
                    quotedOrExpanded = true;
                    int close = raw.indexOf("'", next + 1);
                    if (close < 0) {
                        open = '\'';
                        quoteStart = next + 1;
                        next = n;
                        return new Unterminated('\'');
                    }
                    out.append(raw, next + 1, close);
                    next = close + 1;
                    unquotedEnd = out.length();
                } else if (c == '$' && next + 1 < n && raw.charAt(next + 1) == '{') {
                    quotedOrExpanded = true;
                    int close = raw.indexOf("}", next + 2);
                    if (close < 0) {
                        return new Invalid("${ has no closing }");
                    }
                    out.append(expand(raw.substring(next + 2, close)));
                    next = close + 1;
                    unquotedEnd = out.length();
                } else {
                    if (c == '=') {
                        warnings.add("an unquoted '=' in a value makes PHP reject the whole file; websms reads it as text");
                    }
                    out.append(c);
                    if (!Character.isWhitespace(c)) {
                        unquotedEnd = out.length();
                    }
                    next++;
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
            return new Value(text, warnings, List.copyOf(unset));
        }

        /** The quote open until {@code close} is closed there. */
        private void closed(int close) {
            open = 0;
            next = close + 1;
            unquotedEnd = out.length();
        }

        /**
         * Appends the double-quoted text from {@code start} up to {@code n} to {@code out}. Returns the index of the
         * closing quote; -1 when there is none yet ({@code next} is then where to go on), -2 when a {@code ${}
         * inside is not closed.
         */
        private int readDoubleQuoted(int start, int n) {
            int i = start;
            while (i < n) {
                char c = raw.charAt(i);
                if (c == '"') {
                    return i;
                }
                if (c == '\\' && i + 1 < n) {
                    char following = raw.charAt(i + 1);
                    if (following == '"' || following == '\\' || following == '$') {
                        out.append(following);
                    } else {
                        out.append(c).append(following);
                    }
                    i += 2;
                } else if (c == '$' && i + 1 < n && raw.charAt(i + 1) == '{') {
                    int close = raw.indexOf("}", i + 2);
                    if (close < 0) {
                        return -2;
                    }
                    out.append(expand(raw.substring(i + 2, close)));
                    i = close + 1;
                } else {
                    out.append(c);
                    i++;
                }
            }
            next = n;
            return -1;
        }

        private String expand(String name) {
            String value = env.apply(name.trim());
            if (value == null) {
                unset.add(name.trim());
                return "";
            }
            return value;
        }
    }
}
