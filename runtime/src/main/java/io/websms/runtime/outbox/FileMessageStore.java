package io.websms.runtime.outbox;

import io.websms.runtime.files.MessageFolder;
import io.websms.runtime.files.PrivateFiles;
import io.websms.api.Message;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outbox as a folder: one file per message ({@code .msg}, a properties file a person can read), written into a
 * temporary file, forced to disk and renamed, as the call-file spool does; no dependency, and {@code ls} shows what
 * waits. Expired messages move to {@code dead-letter/} beside it, with their last reason.
 */
public final class FileMessageStore implements MessageStore {

    private static final String SUFFIX = MessageFolder.SUFFIX;

    private final Path dir;
    private final Path dead;
    /** How many messages wait per destination: counted once at open, then kept here (this process writes the folder). */
    private final ConcurrentHashMap<String, Integer> waiting = new ConcurrentHashMap<>();

    private FileMessageStore(Path dir) {
        this.dir = dir;
        this.dead = MessageFolder.deadLetters(dir);
    }

    /** The store in {@code dir}, created when missing; unfinished writes of an earlier run are removed. */
    public static FileMessageStore open(Path dir) throws IOException {
        MessageFolder.open(dir);
        FileMessageStore store = new FileMessageStore(dir);
        for (QueuedMessage message : store.list()) {
            store.waiting.merge(message.message().to(), 1, Integer::sum);
        }
        return store;
    }

    /** The folder of the waiting messages. */
    public Path dir() {
        return dir;
    }

    /** The folder of the expired ones. */
    public Path deadLetterDir() {
        return dead;
    }

    @Override
    public QueuedMessage add(QueuedMessage message) throws IOException {
        // websms's id for the message names its file: the id its log lines and the dialplan's WEBSMS_ID carry.
        QueuedMessage stored = message.identified();
        write(dir.resolve(stored.id() + SUFFIX), stored);
        waiting.merge(stored.message().to(), 1, Integer::sum);
        return stored;
    }

    /** Every queued message: this daemon alone works the folder, and the outbox keeps the order per destination. */
    @Override
    public List<QueuedMessage> take(Instant now) throws IOException {
        return list();
    }

    @Override
    public void release(QueuedMessage message) {
        // nothing is leased in a folder of one daemon
    }

    @Override
    public int size() {
        return waiting.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public boolean isWaiting(String to) {
        return waiting.containsKey(to);
    }

    @Override
    public List<QueuedMessage> list() throws IOException {
        List<QueuedMessage> messages = MessageFolder.readAll(dir, FileMessageStore::read);
        messages.sort(Comparator.comparing(QueuedMessage::created).thenComparing(QueuedMessage::id));
        return messages;
    }

    @Override
    public void update(QueuedMessage message) throws IOException {
        write(dir.resolve(message.id() + SUFFIX), message);
    }

    @Override
    public void remove(QueuedMessage message) throws IOException {
        if (Files.deleteIfExists(dir.resolve(message.id() + SUFFIX))) {
            waiting.computeIfPresent(message.message().to(), (k, n) -> n > 1 ? n - 1 : null);
        }
        PrivateFiles.forceFolder(dir);
    }

    @Override
    public void bury(QueuedMessage message) throws IOException {
        write(dead.resolve(message.id() + SUFFIX), message);
        remove(message);
    }

    private void write(Path file, QueuedMessage message) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("index", message.index());
        properties.setProperty("to", message.message().to());
        properties.setProperty("from", message.message().from());
        properties.setProperty("body", message.message().body());
        properties.setProperty("created", message.created().toString());
        properties.setProperty("attempts", Integer.toString(message.attempts()));
        properties.setProperty("next_attempt", message.nextAttempt().toString());
        properties.setProperty("last_reason", message.lastReason());
        StringWriter text = new StringWriter();
        properties.store(text, "websms outbox: one SMS waiting for the ITSP");
        PrivateFiles.writeDurably(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static QueuedMessage read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String name = file.getFileName().toString();
        return new QueuedMessage(name.substring(0, name.length() - SUFFIX.length()), properties.getProperty("index", ""),
                Message.of(properties.getProperty("to"), properties.getProperty("from"), properties.getProperty("body")),
                Instant.parse(properties.getProperty("created")), Integer.parseInt(properties.getProperty("attempts", "0")),
                Instant.parse(properties.getProperty("next_attempt")), properties.getProperty("last_reason", ""));
    }
}
