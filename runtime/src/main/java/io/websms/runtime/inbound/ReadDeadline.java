package io.websms.runtime.inbound;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends a read that takes too long by interrupting the thread blocked in it: an interrupted socket read closes the
 * connection. Helidon 4.5 does not apply a read timeout to the connections its server accepts, so without this a
 * client that stops sending in the middle of a body would hold its connection, and a request slot, for ever.
 */
final class ReadDeadline {

    private static final ScheduledExecutorService TIMER = timer();

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                task -> Thread.ofPlatform().name("websms-read-deadline").daemon(true).unstarted(task));
        // Nearly every alarm is cancelled: drop it at once rather than keep thousands queued until they are due.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private final Thread reader = Thread.currentThread();
    private final ScheduledFuture<?> alarm;
    private boolean ended;
    private boolean expired;

    /** Starts watching the calling thread; it is interrupted after {@code nanos} unless {@link #end} came first. */
    ReadDeadline(long nanos) {
        this.alarm = TIMER.schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
    }

    private synchronized void expire() {
        if (!ended) {
            expired = true;
            reader.interrupt();
        }
    }

    /**
     * Stops watching; call it from the reading thread, as often as convenient. True when the deadline came first: the
     * read was cut off, and the thread's interrupt is cleared here so that it disturbs nothing after the read.
     */
    synchronized boolean end() {
        if (!ended) {
            ended = true;
            alarm.cancel(false);
            if (expired) {
                Thread.interrupted();
            }
        }
        return expired;
    }
}
