package io.websms.runtime.store.postgresql;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

/**
 * The leases one daemon holds in a table of the shared store (the outbox's messages, the inbox's numbers): who it
 * is, how long a lease lasts, and a thread that renews them every third of that while the daemon runs, so that they
 * expire only when it dies.
 */
final class Leases {

    private static final System.Logger LOG = System.getLogger(Leases.class.getName());

    /** What is given back when the daemon stops. */
    @FunctionalInterface
    interface GiveBack {
        void run() throws IOException;
    }

    private final PgStore store;
    private final Duration lease;
    private final String what;
    /** This daemon, as its leases name it: unique per start, so that a restarted daemon does not renew a dead one's. */
    private final String holder = ProcessHandle.current().pid() + "-" + UUID.randomUUID();
    private final Thread renewal;

    private Leases(PgStore store, Duration lease, String what, String renew, boolean renewed) {
        this.store = store;
        this.lease = lease;
        this.what = what;
        this.renewal = renewed ? Thread.ofPlatform().name(what + "-leases").daemon(true).start(() -> renewWhileRunning(renew)) : null;
    }

    /**
     * Leases of {@code lease} on {@code what}, renewed by {@code renew} (an UPDATE taking the lease's seconds, then
     * the holder) while the daemon runs.
     */
    static Leases renewed(PgStore store, Duration lease, String what, String renew) {
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("a lease of " + lease + " is too short to renew");
        }
        return new Leases(store, lease, what, renew, true);
    }

    /** Leases never renewed, as if the daemon had died once it took them (for tests). */
    static Leases frozen(PgStore store, Duration lease, String what) {
        return new Leases(store, lease, what, null, false);
    }

    /** No leases: a command that reads or changes the table and takes nothing. */
    static Leases none(PgStore store, String what) {
        return new Leases(store, Duration.ZERO, what, null, false);
    }

    /** Who holds them. */
    String holder() {
        return holder;
    }

    /** How long one lasts, in seconds, as the SQL takes it. */
    double seconds() {
        return lease.toMillis() / 1000.0;
    }

    /** Whether this daemon takes anything (not a command). */
    boolean takes() {
        return !lease.isZero();
    }

    /** Stops renewing, then gives back what this daemon holds, so that the others need not wait for the leases to expire. */
    void close(GiveBack giveBack) {
        if (renewal == null) {
            return;
        }
        renewal.interrupt();
        try {
            renewal.join();
            giveBack.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0}: cannot give back what this daemon held: {1}; the others take it when the leases expire in {2} s",
                    what, e.getMessage(), lease.toSeconds());
        }
    }

    private void renewWhileRunning(String renew) {
        while (true) {
            try {
                Thread.sleep(lease.dividedBy(3));
            } catch (InterruptedException e) {
                return;
            }
            try {
                store.use(c -> {
                    try (PreparedStatement statement = c.prepareStatement(renew)) {
                        statement.setDouble(1, seconds());
                        statement.setString(2, holder);
                        return statement.executeUpdate();
                    }
                });
            } catch (IOException e) {
                // Another daemon may take these when the leases run out, and send or deliver what this one is working on.
                LOG.log(Level.WARNING, "{0}: cannot renew this daemon''s leases: {1}", what, e.getMessage());
            }
        }
    }
}
