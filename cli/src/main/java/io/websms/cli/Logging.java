package io.websms.cli;

import io.websms.api.LogText;

import java.io.PrintStream;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record on standard error, for the daemon and the one-shot commands alike. Every line is passed
 * through {@link LogText#escape}, so a value someone else chose (an ITSP's id, a webhook's field) cannot forge a line
 * or send escape sequences to the terminal, whichever call logged it.
 */
final class Logging {

    private Logging() {
    }

    /** Logs records of {@code level} and above, one line each: time, level, logger, message. */
    static void configure(Level level) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Handler handler = new ConsoleHandler();
        handler.setLevel(level);
        handler.setFormatter(new OneLine());
        root.addHandler(handler);
        root.setLevel(level);
        // Helidon is chatty at INFO about its own start-up; keep its warnings.
        Logger.getLogger("io.helidon").setLevel(level.intValue() < Level.WARNING.intValue() ? Level.WARNING : level);
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            String shortName = logger.substring(logger.lastIndexOf('.') + 1);
            StringBuilder out = new StringBuilder()
                    .append(java.time.Instant.ofEpochMilli(record.getMillis()))
                    .append(' ').append(record.getLevel().getName())
                    .append(' ').append(shortName).append(": ")
                    .append(LogText.escape(formatMessage(record).replace('\n', ' ')));
            if (record.getThrown() != null) {
                out.append(" (").append(LogText.escape(record.getThrown())).append(')');
            }
            return out.append(System.lineSeparator()).toString();
        }
    }

    static void print(PrintStream err, Iterable<String> lines) {
        for (String line : lines) {
            err.println("websms: " + LogText.escape(line));
        }
    }
}
