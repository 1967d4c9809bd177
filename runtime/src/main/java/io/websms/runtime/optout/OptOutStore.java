package io.websms.runtime.optout;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The opt-out list: pairs of (our number, their number) that must get no SMS. Durable: what {@link #add} or
 * {@link #remove} did is on disk when it returns, so that the daemon acknowledges a STOP only once it is kept, and
 * every process that sends ({@code websmsd}, {@code websms send}, classic AGI) reads the same list. A folder of one
 * daemon ({@link FileOptOutStore}) and a table shared by several daemons (the PostgreSQL store) both serve it.
 */
public interface OptOutStore {

    /** No list: nobody is opted out, and nothing can be added. */
    OptOutStore NONE = new OptOutStore() {
        @Override
        public boolean add(OptOut optOut) throws IOException {
            throw new IOException("no opt-out list is kept");
        }

        @Override
        public boolean remove(String ours, String theirs) throws IOException {
            throw new IOException("no opt-out list is kept");
        }

        @Override
        public Optional<OptOut> find(String ours, String theirs) {
            return Optional.empty();
        }

        @Override
        public List<OptOut> list() {
            return List.of();
        }
    };

    /** A list that cannot be read, for {@code why}: every use throws it, so that a send fails rather than ignore the list. */
    static OptOutStore unreadable(IOException why) {
        return new OptOutStore() {
            @Override
            public boolean add(OptOut optOut) throws IOException {
                throw why;
            }

            @Override
            public boolean remove(String ours, String theirs) throws IOException {
                throw why;
            }

            @Override
            public Optional<OptOut> find(String ours, String theirs) throws IOException {
                throw why;
            }

            @Override
            public List<OptOut> list() throws IOException {
                throw why;
            }
        };
    }

    /**
     * Puts {@code optOut}'s pair on the list (durably when this returns).
     *
     * @return true when it is new; false when the pair was on the list already (its entry stays as it was)
     */
    boolean add(OptOut optOut) throws IOException;

    /**
     * Takes the pair off the list (durably when this returns).
     *
     * @return true when it was on the list
     */
    boolean remove(String ours, String theirs) throws IOException;

    /** The entry of the pair, when it is on the list. */
    Optional<OptOut> find(String ours, String theirs) throws IOException;

    /** Every entry, oldest first. */
    List<OptOut> list() throws IOException;
}
