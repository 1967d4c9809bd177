package io.websms.runtime.optout;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The keywords of an incoming SMS that change the opt-out list, as the US carriers' (CTIA) rules name them: STOP,
 * STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT put the sender on the list; START and UNSTOP take it off. Only a text that
 * is the keyword alone counts, in any case, with blanks and punctuation around it ({@code " Stop."}, {@code "STOP!"},
 * {@code "'quit'"}); {@code "stop it please"} or {@code "S.T.O.P"} are ordinary messages.
 */
public final class OptOutKeywords {

    /** What a keyword asks for. */
    public enum Change { STOP, START }

    private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
    private static final Set<String> START = Set.of("START", "UNSTOP");

    private OptOutKeywords() {
    }

    /** The change {@code text} asks for, or empty when it is not a keyword alone. */
    public static Optional<Change> of(String text) {
        String word = keyword(text).toUpperCase(Locale.ROOT);
        if (STOP.contains(word)) {
            return Optional.of(Change.STOP);
        }
        return START.contains(word) ? Optional.of(Change.START) : Optional.empty();
    }

    /** {@code text} without the blanks, invisible format characters and punctuation around it. */
    public static String keyword(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && ignorable(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && ignorable(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    private static boolean ignorable(int c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.FORMAT, Character.CONTROL -> true;
            default -> false;
        };
    }
}
