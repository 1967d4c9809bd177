package io.websms.runtime.inbound;

import io.websms.runtime.files.PrivateFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The local store of {@link MessageIds} ({@code store = local}): the ITSP message ids websms has stored a call file
 * for, kept on disk for {@code dedupe_window}, so that a webhook
 * the ITSP delivers again (it did not get the answer, or websms answered 5xx after a crash) gives no second call
 * file, also after a restart. One empty file per id, named by a hash of it, its time the time it was stored:
 * inspectable with {@code ls}, and old ones are removed as new ones come.
 *
 * <p>An id is remembered only after its call file is published, so a crash between the two can repeat a message but
 * never lose one (at least once).
 */
public final class FileMessageIds implements MessageIds {

    private static final System.Logger LOG = System.getLogger(FileMessageIds.class.getName());

    private final Path dir;
    private final Duration window;
    private final Duration keep;
    private final Clock clock;
    private final ConcurrentHashMap<String, Object> inProgress = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    private FileMessageIds(Path dir, Duration window, Duration keep, Clock clock) {
        this.dir = dir;
        this.window = window;
        this.keep = keep.compareTo(window) > 0 ? keep : window;
        this.clock = clock;
    }

    /**
     * The ids kept in {@code dir} (created when missing) for {@code window}.
     *
     * @throws IOException when the folder cannot be created
     */
    public static FileMessageIds open(Path dir, Duration window) throws IOException {
        return open(dir, window, window, Clock.systemUTC());
    }

    /**
     * The keys kept in {@code dir} (created when missing): for {@code window} when stored without a window of their
     * own, and on disk for {@code keep}, the longest window any caller gives (at least {@code window}).
     *
     * @throws IOException when the folder cannot be created
     */
    public static FileMessageIds open(Path dir, Duration window, Duration keep) throws IOException {
        return open(dir, window, keep, Clock.systemUTC());
    }

    static FileMessageIds open(Path dir, Duration window, Clock clock) throws IOException {
        return open(dir, window, window, clock);
    }

    static FileMessageIds open(Path dir, Duration window, Duration keep, Clock clock) throws IOException {
        try {
            PrivateFiles.createFolders(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the folder of seen message ids " + dir + " (" + e + "); create it, writable by the user websmsd runs as", e);
        }
        FileMessageIds ids = new FileMessageIds(dir, window, keep, clock);
        ids.purge();
        return ids;
    }

    /** The folder the ids are kept in. */
    public Path dir() {
        return dir;
    }

    @Override
    public Duration window() {
        return window;
    }

    @Override
    public boolean storeOnce(String key, Duration within, Store store) throws IOException {
        if (within.isZero()) {
            store.store();
            return true;
        }
        Path file = dir.resolve(name(key));
        Object lock = inProgress.computeIfAbsent(key, k -> new Object());
        try {
            synchronized (lock) {
                if (seen(file, within)) {
                    return false;
                }
                store.store();
                remember(file);
                return true;
            }
        } finally {
            inProgress.remove(key, lock);
            purgeHourly();
        }
    }

    private boolean seen(Path file, Duration within) {
        try {
            return Files.exists(file) && Files.getLastModifiedTime(file).toInstant().isAfter(clock.instant().minus(within));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Remembers an id, without forcing it to disk: the message is durable already (its call file was forced before
     * this), and an id is only what keeps a repeat out. A crash of websmsd keeps what it wrote (the kernel has it);
     * only a power loss in the seconds before the kernel writes it back could forget an id, and then only a repeat
     * the ITSP sends although it got its 200 would give a second call file: at least once, as before. Forcing it
     * cost two more disk flushes per webhook, the most of a webhook's time when it comes alone.
     */
    private void remember(Path file) {
        try {
            try (FileChannel channel = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
            }
        } catch (IOException e) {
            // The message is stored; only a repeat of it could now give a second call file.
            LOG.log(Level.WARNING, "cannot remember a message id in {0}: {1}; a repeated webhook would give a second call file", dir, e.toString());
        }
    }

    private void purgeHourly() {
        Instant last = lastPurge.get();
        Instant now = clock.instant();
        if (Duration.between(last, now).compareTo(Duration.ofHours(1)) >= 0 && lastPurge.compareAndSet(last, now)) {
            purge();
        }
    }

    /** Removes the ids older than the longest window. */
    void purge() {
        Instant oldest = clock.instant().minus(keep);
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".id")).forEach(f -> {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(oldest)) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    // gone already, or unreadable: next time
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot purge old message ids in {0}: {1}", dir, e.toString());
        }
    }

    private static String name(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))) + ".id";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
