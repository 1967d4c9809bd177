package io.websms.cli;

import io.websms.api.LogText;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record on standard error, for the daemon and the one-shot commands alike. Every line is passed
 * through {@link LogText#escape}, so a value someone else chose (an ITSP's id, a webhook's field) cannot forge a line
 * or send escape sequences to the terminal, whichever call logged it.
 */
final class Logging {

    /** The JDK's own loggers (TLS, HTTP, security): at FINE they dump every trusted certificate, so they stay at INFO. */
    private static final List<String> JDK = List.of("java", "javax", "jdk", "sun", "com.sun");

    /** Millisecond timestamps always with three digits, so that lines line up and sort as text. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The loggers given a level here: JUL holds loggers weakly, and a collected one forgets its level. */
    private static final List<Logger> LEVELLED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Logging() {
    }

    /**
     * The log manager {@code websms} runs with (Main sets it): it keeps the handlers when the JVM shuts down. The
     * JDK's own manager resets them from a shutdown hook of its own, which runs alongside the daemon's, so that the
     * daemon's "stopping" line and what it logs while it drains could be lost. A handler that flushes every record
     * needs no closing.
     */
    public static final class Manager extends LogManager {

        private volatile boolean configured;

        /** Made by the JDK, by name, from the {@code java.util.logging.manager} system property. */
        public Manager() {
        }

        @Override
        public void reset() {
            if (!configured) {
                super.reset();
            }
        }
    }

    /** Logs records of {@code level} and above, one line each: time, level, logger, message. */
    static void configure(Level level) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Handler handler = new ConsoleHandler(); // flushes after every record
        handler.setLevel(level);
        handler.setFormatter(new OneLine());
        root.addHandler(handler);
        root.setLevel(level);
        Level atLeastInfo = level.intValue() < Level.INFO.intValue() ? Level.INFO : level;
        for (String name : JDK) {
            level(name, atLeastInfo);
        }
        // Helidon is chatty at INFO about its own start-up; keep its warnings.
        level("io.helidon", level.intValue() < Level.WARNING.intValue() ? Level.WARNING : level);
        if (LogManager.getLogManager() instanceof Manager manager) {
            manager.configured = true;
        }
    }

    private static void level(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        LEVELLED.add(logger);
    }

    /** The one-line format. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            String shortName = logger.substring(logger.lastIndexOf('.') + 1);
            StringBuilder out = new StringBuilder()
                    .append(TIME.format(record.getInstant()))
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
