package io.websms.runtime.ratelimit;

import io.websms.runtime.files.PrivateFiles;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The buckets of one daemon, in memory, saved to a file (at most once a second, and when closed) and read again at
 * the start, so that a restart does not refill a day's quota.
 */
public final class FileBuckets implements BucketStore {

    private static final System.Logger LOG = System.getLogger(FileBuckets.class.getName());
    /** Buckets kept at most; full ones are forgotten first (a full bucket is what a new one would be). */
    private static final int MAX_BUCKETS = 10_000;

    private final Clock clock;
    private final Path file;
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final ScheduledExecutorService saver;
    private boolean dirty;

    private FileBuckets(Path file, Clock clock) {
        this.clock = clock;
        this.file = file;
        this.saver = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("websms-rate-limits").factory());
    }

    /** The buckets saved in {@code file} (created when missing), counted on {@code clock}. */
    public static FileBuckets open(Path file, Clock clock) throws IOException {
        FileBuckets buckets = new FileBuckets(file, clock);
        buckets.load();
        buckets.saver.scheduleWithFixedDelay(buckets::saveQuietly, 1, 1, TimeUnit.SECONDS);
        return buckets;
    }

    @Override
    public synchronized <T> T update(Collection<String> keys, Step<T> step) {
        Instant now = clock.instant();
        Map<String, TokenBucket> some = new HashMap<>();
        for (String key : keys) {
            TokenBucket bucket = buckets.get(key);
            if (bucket != null) {
                some.put(key, bucket);
            }
        }
        T result = step.on(some, now);
        for (Map.Entry<String, TokenBucket> entry : some.entrySet()) {
            if (buckets.put(entry.getKey(), entry.getValue()) == null && buckets.size() > MAX_BUCKETS) {
                forgetFull(now);
            }
        }
        dirty = true;
        return result;
    }

    private void forgetFull(Instant now) {
        for (Iterator<TokenBucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(now)) {
                it.remove();
            }
        }
    }

    private void load() throws IOException {
        PrivateFiles.createFolders(file.getParent());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        }
        for (String line : text.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                continue;
            }
            try {
                String[] state = fields[2].split(" ");
                buckets.put(unescape(fields[0]), new TokenBucket(Rate.parse(fields[1]), Double.parseDouble(state[0]),
                        Instant.ofEpochMilli(Long.parseLong(state[1])), Instant.ofEpochMilli(Long.parseLong(state[2]))));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "{0}: a line that is no rate-limit bucket is skipped ({1})", file, e.getMessage());
            }
        }
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot save the rate-limit buckets to {0} ({1}); a restart now would refill them", file, e.toString());
        }
    }

    private void save() throws IOException {
        StringBuilder text = new StringBuilder();
        synchronized (this) {
            if (!dirty) {
                return;
            }
            dirty = false;
            buckets.forEach((key, bucket) -> text.append(escape(key)).append('\t').append(bucket.rate()).append('\t').append(bucket.state()).append('\n'));
        }
        PrivateFiles.writeDurably(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String key) {
        return key.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\u0000", "\\0");
    }

    private static String unescape(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\' && i + 1 < key.length()) {
                char next = key.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next == '0' ? '\u0000' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Saves the buckets and stops saving. */
    @Override
    public void close() {
        saver.shutdownNow();
        saveQuietly();
    }
}
