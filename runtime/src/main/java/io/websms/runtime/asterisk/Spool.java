package io.websms.runtime.asterisk;

import io.websms.runtime.files.FolderSync;
import io.websms.runtime.files.PrivateFiles;
import io.websms.runtime.config.AstQueueSettings;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asterisk's call-file spool: a call file is written whole into {@code stagingdir}, forced to disk, given its mode
 * and owner, then renamed atomically into {@code outgoingdir} (and that folder forced too), so Asterisk never reads
 * half a file and a file it can read survives a crash. Names are unique. Thread-safe. As a {@link Handover}, it
 * takes an incoming SMS as its {@link CallFile}.
 *
 * <p>Group commit: each caller writes and forces its own file (concurrent forces share the file system's journal
 * commit), renames it, then waits for a force of {@code outgoingdir} that began after its rename; callers publishing
 * together share that one force ({@link FolderSync}), and a lone caller forces at once.
 */
public final class Spool implements Handover {

    private static final System.Logger LOG = System.getLogger(Spool.class.getName());

    private final Path staging;
    private final Path outgoing;
    private final Set<PosixFilePermission> mode;
    private final String owner;
    private final FolderSync outgoingSync;
    private final AtomicLong sequence = new AtomicLong();

    private Spool(Path staging, Path outgoing, Set<PosixFilePermission> mode, String owner) {
        this.staging = staging;
        this.outgoing = outgoing;
        this.outgoingSync = new FolderSync(outgoing);
        this.mode = mode;
        this.owner = owner;
    }

    /**
     * The spool of {@code queue}, its folders created when missing.
     *
     * @throws IOException naming the folder and the fix, when a folder cannot be created, or the two are on
     *                     different file systems (the rename would not be atomic)
     */
    public static Spool open(AstQueueSettings queue) throws IOException {
        return open(queue.stagingDir(), queue.outgoingDir(), queue);
    }

    /** The spool of {@code queue} with these two folders instead of the configured ones. */
    public static Spool open(Path staging, Path outgoing, AstQueueSettings queue) throws IOException {
        for (Path dir : new Path[] {staging, outgoing}) {
            try {
                PrivateFiles.createFolders(dir);
            } catch (IOException e) {
                throw new IOException("cannot create the spool folder " + dir + " (" + e + "); create it, writable by the user websmsd runs as", e);
            }
        }
        FileStore stagingStore = Files.getFileStore(staging);
        FileStore outgoingStore = Files.getFileStore(outgoing);
        if (!stagingStore.equals(outgoingStore)) {
            throw new IOException("stagingdir " + staging + " and outgoingdir " + outgoing + " are on different file systems ("
                    + stagingStore + ", " + outgoingStore + "), so a call file cannot be moved atomically; put stagingdir on the file system of outgoingdir");
        }
        Set<PosixFilePermission> mode = null;
        if (queue.fileMode().isPresent()) {
            mode = EnumSet.noneOf(PosixFilePermission.class);
            int bits = queue.fileMode().getAsInt();
            PosixFilePermission[] order = {
                    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
            for (int i = 0; i < order.length; i++) {
                if ((bits & (1 << i)) != 0) {
                    mode.add(order[i]);
                }
            }
        }
        removeLeftovers(staging);
        return new Spool(staging, outgoing, mode, queue.fileOwner());
    }

    /**
     * Removes the call files a crash left in {@code stagingdir}. None of them was acknowledged (websms answers only
     * once a file is in {@code outgoingdir}), so the ITSP delivers each again; publishing them would give duplicates,
     * and a partial one must never reach Asterisk.
     */
    private static void removeLeftovers(Path staging) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(staging)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("websms-") && f.getFileName().toString().endsWith(".call")).toList()) {
                Files.deleteIfExists(file);
                LOG.log(Level.WARNING, "removed {0} from stagingdir: left by a crash before it was published (the ITSP was not answered and delivers it again)",
                        file.getFileName());
            }
        }
    }

    /**
     * Whether a call file could be published now: both folders exist, a file can be created in {@code stagingdir}
     * and {@code outgoingdir} is writable. Empty when it could, else what is wrong.
     */
    public java.util.Optional<String> problem() {
        if (!Files.isDirectory(outgoing) || !Files.isWritable(outgoing)) {
            return java.util.Optional.of("outgoingdir " + outgoing + " is missing or not writable");
        }
        return PrivateFiles.cannotCreateIn(staging).map(why -> "stagingdir " + staging + " cannot take a file: " + why);
    }

    @Override
    public void check(io.websms.api.Message message, AstQueueSettings queue) {
        CallFile.of(message, queue);
    }

    @Override
    public String take(io.websms.api.Message message, AstQueueSettings queue) throws IOException {
        return publish(CallFile.of(message, queue)).getFileName().toString();
    }

    @Override
    public Health health() {
        java.util.Optional<String> problem = problem();
        return new Health(java.util.Map.of("spool", problem.isEmpty() ? "UP" : "DOWN"), problem, java.util.Optional.empty());
    }

    /** The folder call files are written in. */
    public Path stagingDir() {
        return staging;
    }

    /** The folder Asterisk takes call files from. */
    public Path outgoingDir() {
        return outgoing;
    }

    /**
     * Writes {@code file} and publishes it to Asterisk. When this returns, the file is in {@code outgoingdir} and on
     * disk; when it throws, nothing is in {@code outgoingdir} and nothing is left in {@code stagingdir}.
     *
     * @return the path of the published file
     * @throws IOException when the file cannot be written or moved (full disk, no permission, a missing folder)
     */
    public Path publish(CallFile file) throws IOException {
        // Time and sequence make a name unique in this process; the random part keeps two processes apart. Not a
        // UUID: its one shared SecureRandom serializes the threads publishing together.
        String name = "websms-" + Instant.now().toEpochMilli() + "-" + sequence.incrementAndGet() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x80000000) + ".call";
        Path staged = staging.resolve(name);
        Path published = outgoing.resolve(name);
        try {
            try (FileChannel channel = PrivateFiles.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(file.bytes());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            applyModeAndOwner(staged);
            try {
                Files.move(staged, published, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot move " + staged + " atomically into " + outgoing + ": put both folders on one file system", e);
            }
            outgoingSync.force();
            return published;
        } catch (IOException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
    }

    private void applyModeAndOwner(Path file) {
        try {
            if (mode != null) {
                Files.setPosixFilePermissions(file, mode);
            }
            if (!owner.isEmpty()) {
                PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
                UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
                int colon = owner.indexOf(':');
                String user = colon < 0 ? owner : owner.substring(0, colon);
                if (!user.isEmpty()) {
                    UserPrincipal principal = lookup.lookupPrincipalByName(user);
                    view.setOwner(principal);
                }
                if (colon >= 0) {
                    GroupPrincipal group = lookup.lookupPrincipalByGroupName(owner.substring(colon + 1));
                    view.setGroup(group);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // The message matters more than its file's mode: Asterisk still reads the file as the user it runs as.
            LOG.log(Level.WARNING, "cannot set filemode/fileowner of {0}: {1}", file.getFileName(), e.toString());
        }
    }
}
