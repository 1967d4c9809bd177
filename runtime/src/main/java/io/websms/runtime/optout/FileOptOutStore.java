package io.websms.runtime.optout;

import io.websms.runtime.files.PrivateFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The opt-out list as a folder in {@code state_dir}: one small properties file per pair, named by the pair
 * ({@code OURS_THEIRS.optout}), written durably ({@link PrivateFiles#writeDurably}) and deleted to take the pair off.
 *
 * <p>Why a file per pair, not a log: the daemon and the {@code websms} commands are separate processes that all read
 * and change the list; with a file per pair a send looks up exactly one file (always current, no cache to go stale,
 * no log to replay or compact), and two writers of different pairs never touch the same file. {@code ls} shows the
 * list. Thread-safe within a process.
 */
public final class FileOptOutStore implements OptOutStore {

    private static final String SUFFIX = ".optout";

    private final Path dir;

    private FileOptOutStore(Path dir) {
        this.dir = dir;
    }

    /** The list in {@code dir}, created when missing. */
    public static FileOptOutStore open(Path dir) throws IOException {
        PrivateFiles.createFolders(dir);
        return new FileOptOutStore(dir);
    }

    /**
     * The list in {@code dir} for reading, creating nothing: a command that only sends (run as Asterisk's user, or
     * root) must not create the daemon's folder with its own owner. A missing folder is an empty list; one that
     * cannot be read makes {@link #find} throw.
     */
    public static FileOptOutStore reading(Path dir) {
        return new FileOptOutStore(dir);
    }

    /** The folder of the list. */
    public Path dir() {
        return dir;
    }

    @Override
    public synchronized boolean add(OptOut optOut) throws IOException {
        Path file = file(optOut.ours(), optOut.theirs());
        if (Files.exists(file)) {
            return false;
        }
        Properties properties = new Properties();
        properties.setProperty("ours", optOut.ours());
        properties.setProperty("theirs", optOut.theirs());
        properties.setProperty("since", optOut.since().toString());
        properties.setProperty("how", optOut.how());
        StringWriter text = new StringWriter();
        properties.store(text, "websms opt-out: no SMS from ours to theirs");
        PrivateFiles.writeDurably(file, text.toString().getBytes(StandardCharsets.UTF_8));
        return true;
    }

    @Override
    public synchronized boolean remove(String ours, String theirs) throws IOException {
        boolean removed = Files.deleteIfExists(file(ours, theirs));
        if (removed) {
            PrivateFiles.forceFolder(dir);
        }
        return removed;
    }

    @Override
    public Optional<OptOut> find(String ours, String theirs) throws IOException {
        try {
            return Optional.of(read(file(ours, theirs)));
        } catch (NoSuchFileException notListed) {
            return Optional.empty();
        }
    }

    @Override
    public List<OptOut> list() throws IOException {
        List<OptOut> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                try {
                    entries.add(read(file));
                } catch (NoSuchFileException gone) {
                    // taken off meanwhile
                }
            }
        }
        entries.sort(Comparator.comparing(OptOut::since).thenComparing(OptOut::ours).thenComparing(OptOut::theirs));
        return entries;
    }

    private Path file(String ours, String theirs) {
        return dir.resolve(safe(OptOut.key(ours)) + "_" + safe(OptOut.key(theirs)) + SUFFIX);
    }

    /** {@code key} as part of a file name: letters and digits as they are, anything else as {@code %XX} of its UTF-8. */
    static String safe(String key) {
        StringBuilder name = new StringBuilder(key.length());
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            if (b >= '0' && b <= '9' || b >= 'a' && b <= 'z') {
                name.append((char) b);
            } else {
                name.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return name.isEmpty() ? "%" : name.toString();
    }

    private static OptOut read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return new OptOut(properties.getProperty("ours", ""), properties.getProperty("theirs", ""),
                Instant.parse(properties.getProperty("since", Instant.EPOCH.toString())), properties.getProperty("how", ""));
    }
}
