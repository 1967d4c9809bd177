package io.websms.runtime.ratelimit;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Where the token buckets of {@link RateLimits} live: this process's memory, saved to a file ({@link FileBuckets}), or
 * a store shared by several daemons, so that their limits hold for all of them together.
 */
public interface BucketStore extends AutoCloseable {

    /** What one step does with the buckets it was given. */
    @FunctionalInterface
    interface Step<T> {

        /**
         * @param buckets the buckets stored under the keys asked for (absent: none yet); the step may change them and
         *                put new ones, all of which are kept
         * @param now     the time to count tokens at: the store's clock
         */
        T on(Map<String, TokenBucket> buckets, Instant now);
    }

    /**
     * Runs {@code step} on the buckets under {@code keys}, as one step that no other step on the same keys (of this
     * daemon or another on the same store) interleaves with, and keeps what it changed.
     *
     * @throws IOException when a shared store cannot be reached
     */
    <T> T update(Collection<String> keys, Step<T> step) throws IOException;

    /** Keeps what is not kept yet, and stops. */
    @Override
    void close();
}
