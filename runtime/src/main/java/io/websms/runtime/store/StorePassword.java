package io.websms.runtime.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The password of a PostgreSQL store: the first line of {@code store_password_file} when it is set, else the
 * environment's {@code PGPASSWORD} (as psql reads it), else none (trust or peer authentication, or a
 * {@code ~/.pgpass} the driver reads). It is never written to a log line or an error message.
 */
public final class StorePassword {

    private StorePassword() {
    }

    /**
     * The password to log in with, if any.
     *
     * @param passwordFile {@code store_password_file}, or empty
     * @param env          the environment
     * @throws IOException when the file is set but cannot be read (the message names the file, not its content)
     */
    public static Optional<String> of(String passwordFile, Function<String, String> env) throws IOException {
        if (!passwordFile.isBlank()) {
            Path file = Path.of(passwordFile.strip());
            refuseIfOthersCanRead(file);
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                return Optional.of((end < 0 ? text : text.substring(0, end)).stripTrailing());
            } catch (IOException e) {
                throw new IOException("cannot read store_password_file " + file + " (" + e.getClass().getSimpleName()
                        + "); make it readable by the user websmsd runs as, and by no one else (chmod 600)", e);
            }
        }
        return Optional.ofNullable(env.apply("PGPASSWORD")).filter(p -> !p.isEmpty());
    }

    /**
     * A password any user of the host can read is no secret: refused, as ssh refuses such a private key. The group
     * may read it (a file of root's, mode 640, group websms, is the usual way to hand it over).
     */
    private static void refuseIfOthersCanRead(Path file) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: its own access rules apply
        } catch (IOException e) {
            return; // reading it says why it cannot be read
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("store_password_file " + file + " can be " + (permissions.contains(PosixFilePermission.OTHERS_READ) ? "read" : "changed")
                    + " by every user of this host (mode " + PosixFilePermissions.toString(permissions) + "); chmod 600 it (or 640 with the group websmsd runs as)");
        }
    }
}
