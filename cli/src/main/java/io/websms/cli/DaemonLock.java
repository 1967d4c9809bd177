package io.websms.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * How {@code websms queue} knows whether a daemon works the outbox: the daemon holds a lock on {@value #NAME} beside
 * the outbox folder for as long as it runs, and writes its process id into it. The operating system drops the lock
 * when the process ends, however it ends (SIGKILL, a crash), so a stale file never claims a daemon that is gone.
 */
final class DaemonLock {

    static final String NAME = "websmsd.lock";

    /** Open for the life of the process: a channel no longer reachable would be closed, and the lock dropped. */
    private static final java.util.List<FileChannel> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();

    private DaemonLock() {
    }

    /** The lock file of the outbox in {@code outbox}. */
    static Path file(Path outbox) {
        return outbox.toAbsolutePath().resolveSibling(NAME);
    }

    /**
     * Takes the lock for this process and writes its id into the file; held until the process ends.
     *
     * @return true, or false when another daemon holds it (its id in {@link #holder})
     */
    static boolean acquire(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this very process holds it already
        }
        if (lock == null) {
            channel.close();
            return false;
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        HELD.add(channel);
        return true;
    }

    /**
     * Whether a daemon holds the lock now.
     *
     * @return what the holder wrote (its process id), empty when no daemon runs
     */
    static Optional<String> holder(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe;
            try {
                probe = channel.tryLock(0, Long.MAX_VALUE, true); // shared: needs only read access
            } catch (OverlappingFileLockException e) {
                probe = null;
            }
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
        }
        String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return Optional.of(pid.isEmpty() ? "?" : pid);
    }
}
