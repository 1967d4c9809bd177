package io.websms.runtime.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
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
}
