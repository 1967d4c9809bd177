package io.websms.runtime.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for one folder: {@link #force()} returns once every change made to the folder's entries before the
 * call (a rename into it, a new file, a deletion) is on disk, and callers that arrive together share one
 * {@code fsync} of the folder. Thread-safe.
 *
 * <p>Leader and followers: a caller that finds no force running forces the folder at once, so a lone caller never
 * waits for company; callers that arrive while a force runs wait for it to end, then the first of them forces once
 * for all of them (their changes were made after the running force began, so it may not cover them).
 */
public final class FolderSync {

    private final Path folder;
    private final Forcer forcer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition done = lock.newCondition();
    /** Tickets handed out: a caller's ticket is the number of callers that asked before it, itself included. */
    private long asked;
    /** Every ticket up to this one is covered by a force that succeeded. */
    private long forcedThrough;
    /** Every ticket up to this one (and above {@link #forcedThrough}) was in a force that failed, with {@link #failure}. */
    private long failedThrough;
    private IOException failure;
    private boolean forcing;
    private long forces;

    /** How a folder is forced: {@link FolderSync#forceFolder}, or another in tests. */
    @FunctionalInterface
    interface Forcer {
        void force(Path folder) throws IOException;
    }

    /** Group commit for {@code folder}. */
    public FolderSync(Path folder) {
        this(folder, FolderSync::forceFolder);
    }

    FolderSync(Path folder, Forcer forcer) {
        this.folder = folder;
        this.forcer = forcer;
    }

    /** The folder forced. */
    public Path folder() {
        return folder;
    }

    /**
     * Returns once the folder's entries, as they were when this was called, are on disk.
     *
     * @throws IOException when the force that was to cover this call failed (the caller must not acknowledge)
     */
    public void force() throws IOException {
        lock.lock();
        try {
            long ticket = ++asked;
            while (true) {
                if (forcedThrough >= ticket) {
                    return;
                }
                if (failedThrough >= ticket) {
                    throw new IOException("cannot force the folder " + folder + " to disk: " + failure.getMessage(), failure);
                }
                if (!forcing) {
                    lead();
                } else {
                    done.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forces the folder once for every ticket handed out so far; called and returns with the lock held. */
    private void lead() {
        long through = asked;
        forcing = true;
        lock.unlock();
        IOException failed = null;
        try {
            forcer.force(folder);
        } catch (IOException e) {
            failed = e;
        } catch (RuntimeException | Error e) {
            failed = new IOException(e.toString(), e);
        } finally {
            lock.lock();
            forcing = false;
            forces++;
            if (failed == null) {
                forcedThrough = Math.max(forcedThrough, through);
            } else {
                failedThrough = Math.max(failedThrough, through);
                failure = failed;
            }
            done.signalAll();
        }
    }

    /** How many times the folder was forced so far: fewer than the calls when they came together. */
    public long forces() {
        lock.lock();
        try {
            return forces;
        } finally {
            lock.unlock();
        }
    }

    /** Forces a folder's entries (a rename, a deletion) to disk, where the platform allows it (not on Windows). */
    public static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }
}
