package io.websms.runtime.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of messages waiting, one file each ({@code ID.msg}), with its dead letters in {@code NAME-dead-letter/}
 * beside it: the layout the outbox and the inbox share.
 */
public final class MessageFolder {

    /** The ending of a message's file. */
    public static final String SUFFIX = ".msg";

    /** Reads one message's file. */
    @FunctionalInterface
    public interface FileReader<T> {
        T read(Path file) throws IOException;
    }

    private MessageFolder() {
    }

    /** The dead-letter folder of {@code dir}: {@code NAME-dead-letter} beside it. */
    public static Path deadLetters(Path dir) {
        return dir.resolveSibling(dir.getFileName() + "-dead-letter");
    }

    /** Creates {@code dir} and its dead-letter folder when missing, and removes the unfinished writes of an earlier run. */
    public static void open(Path dir) throws IOException {
        PrivateFiles.createFolders(dir);
        PrivateFiles.createFolders(deadLetters(dir));
        PrivateFiles.removeUnfinished(dir);
    }

    /** Every message file in {@code folder}, read with {@code reader}; one removed meanwhile (sent, purged) is skipped. */
    public static <T> List<T> readAll(Path folder, FileReader<T> reader) throws IOException {
        List<T> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                try {
                    messages.add(reader.read(file));
                } catch (NoSuchFileException gone) {
                    // sent, delivered or purged meanwhile
                }
            }
        }
        return messages;
    }
}
