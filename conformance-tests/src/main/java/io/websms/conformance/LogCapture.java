package io.websms.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects every log line written through java.util.logging (and System.Logger), at every level, but the fake ITSP's
 * own: MockWebServer logs each request line it receives, query string and all, as the real ITSP's logs would.
 */
final class LogCapture extends Handler implements AutoCloseable {

    /** The package of the fake ITSP's web server. */
    private static final String ITSP_LOGGER = "mockwebserver3";

    private final List<String> lines = new ArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Level previous;
    private final SimpleFormatter formatter = new SimpleFormatter();

    LogCapture() {
        previous = root.getLevel();
        setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger != null && logger.startsWith(ITSP_LOGGER)) {
            return;
        }
        lines.add(formatter.format(record));
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(previous);
    }
}
