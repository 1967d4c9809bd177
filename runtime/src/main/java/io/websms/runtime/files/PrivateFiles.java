package io.websms.runtime.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders websms creates (call files, the outbox, remembered message ids, its state): readable by the
 * owner and its group only, {@code 0640} and {@code 0750}, whatever the umask leaves, since they hold phone numbers
 * and texts. Asterisk reads call files as the same user or through the group; a configured {@code filemode} is
 * applied on top. On a file system without POSIX permissions the platform's defaults apply.
 */
public final class PrivateFiles {

    /** {@code rw-r-----}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r-----");
    /** {@code rwxr-x---}. */
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwxr-x---");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates {@code dir} and its missing parents as {@code 0750}. */
    public static Path createFolders(Path dir) throws IOException {
        return POSIX ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER)) : Files.createDirectories(dir);
    }

    /** Opens {@code file} with {@code options}; when they create it, it is created {@code 0640}. */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        return POSIX ? FileChannel.open(file, Set.of(options), new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)})
                : FileChannel.open(file, options);
    }

    /**
     * Writes {@code bytes} as {@code file} durably: into a temporary file beside it, forced to disk, renamed over
     * {@code file} and the folder forced too, so that a crash leaves either the old file or the new one, whole.
     */
    public static void writeDurably(Path file, byte[] bytes) throws IOException {
        writeDurably(file, bytes, null);
    }

    /**
     * {@link #writeDurably(Path, byte[])}, the folder forced through {@code folder} (its group commit: writes that
     * come together share one force) when not null.
     */
    public static void writeDurably(Path file, byte[] bytes, FolderSync folder) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (folder != null) {
            folder.force();
        } else {
            forceFolder(file.getParent());
        }
    }

    /** Forces a folder's entries (a rename, a deletion) to disk. */
    public static void forceFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Removes the {@code .tmp} files an interrupted {@link #writeDurably} left in {@code dir}. */
    public static void removeUnfinished(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path partial : files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(partial);
            }
        }
    }

    /**
     * Why a file cannot be created in {@code dir} now (a full disk, a read-only or lost folder), found by creating
     * and deleting a probe; empty when one can.
     */
    public static java.util.Optional<String> cannotCreateIn(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".websms-health-", ".tmp");
            Files.delete(probe);
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
