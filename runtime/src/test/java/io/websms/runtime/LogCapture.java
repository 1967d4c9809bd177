package io.websms.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The log lines (message text, parameters filled in) written at INFO and above while it is open. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    private LogCapture() {
        setLevel(Level.INFO);
    }

    /** Starts capturing what every logger writes. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (isLoggable(record)) {
            lines.add(formatter.formatMessage(record));
        }
    }

    /** The lines so far that start with {@code prefix}. */
    public synchronized List<String> lines(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).toList();
    }

    /** All the lines so far. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
