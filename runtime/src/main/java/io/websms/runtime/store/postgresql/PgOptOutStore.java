package io.websms.runtime.store.postgresql;

import io.websms.runtime.optout.OptOut;
import io.websms.runtime.optout.OptOutStore;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The opt-out list in a PostgreSQL store, shared by every daemon on it and by the {@code websms} commands that use
 * the same store: a STOP taken by one daemon refuses a send through another at once, since every send looks its pair
 * up here (one indexed read, no cache to go stale). A pair is kept under {@link OptOut#key}s, so numbers written
 * otherwise are one pair, as in the local list. Thread-safe.
 */
public final class PgOptOutStore implements OptOutStore {

    private static final String ADD = """
            INSERT INTO optout (ours_key, theirs_key, ours, theirs, since, how) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (ours_key, theirs_key) DO NOTHING""";
    private static final String REMOVE = "DELETE FROM optout WHERE ours_key = ? AND theirs_key = ?";
    private static final String FIND = "SELECT ours, theirs, since, how FROM optout WHERE ours_key = ? AND theirs_key = ?";
    private static final String LIST = "SELECT ours, theirs, since, how FROM optout";
    /** The table is not there: a store no daemon of this version has opened yet. */
    private static final String UNDEFINED_TABLE = "42P01";

    private final PgStore store;
    private final boolean reading;

    private PgOptOutStore(PgStore store, boolean reading) {
        this.store = store;
        this.reading = reading;
    }

    /** The list in {@code store}, whose schema is up to date ({@link PgStore#open}). */
    public static PgOptOutStore in(PgStore store) {
        return new PgOptOutStore(store, false);
    }

    /**
     * The list in {@code store} as it is ({@link PgStore#connect}), for a command that only sends: a store whose
     * schema has no list yet (no daemon of this version has opened it) is an empty list, as a missing folder is for
     * the local list; a store that cannot be reached makes {@link #find} throw, so that the send fails rather than
     * ignore the list.
     */
    public static PgOptOutStore reading(PgStore store) {
        return new PgOptOutStore(store, true);
    }

    @Override
    public boolean add(OptOut optOut) throws IOException {
        return store.use(c -> {
            try (PreparedStatement add = c.prepareStatement(ADD)) {
                add.setString(1, OptOut.key(optOut.ours()));
                add.setString(2, OptOut.key(optOut.theirs()));
                add.setString(3, optOut.ours());
                add.setString(4, optOut.theirs());
                add.setObject(5, optOut.since().atOffset(ZoneOffset.UTC));
                add.setString(6, optOut.how());
                return add.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean remove(String ours, String theirs) throws IOException {
        return store.use(c -> {
            try (PreparedStatement remove = c.prepareStatement(REMOVE)) {
                remove.setString(1, OptOut.key(ours));
                remove.setString(2, OptOut.key(theirs));
                return remove.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<OptOut> find(String ours, String theirs) throws IOException {
        List<OptOut> found = query(FIND, OptOut.key(ours), OptOut.key(theirs));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    @Override
    public List<OptOut> list() throws IOException {
        List<OptOut> entries = query(LIST);
        // As the local list orders them (the database's collation might order the numbers otherwise).
        entries.sort(Comparator.comparing(OptOut::since).thenComparing(OptOut::ours).thenComparing(OptOut::theirs));
        return entries;
    }

    private List<OptOut> query(String sql, String... keys) throws IOException {
        return store.use(c -> {
            List<OptOut> entries = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement(sql)) {
                for (int i = 0; i < keys.length; i++) {
                    query.setString(i + 1, keys[i]);
                }
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new OptOut(rs.getString("ours"), rs.getString("theirs"),
                                rs.getObject("since", OffsetDateTime.class).toInstant(), rs.getString("how")));
                    }
                }
            } catch (SQLException e) {
                if (reading && UNDEFINED_TABLE.equals(e.getSQLState())) {
                    return entries;
                }
                throw e;
            }
            return entries;
        });
    }

    /** For a log line. */
    @Override
    public String toString() {
        return "the opt-out list in " + store.describe();
    }
}
