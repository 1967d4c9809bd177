package io.websms.runtime.inbox;

import io.websms.api.Message;
import io.websms.runtime.files.FolderSync;
import io.websms.runtime.files.MessageFolder;
import io.websms.runtime.files.PrivateFiles;
import io.websms.runtime.outbound.WebsmsId;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The inbox as a folder, as the outbox is: one properties file per message ({@code ID.msg}), written durably
 * ({@link PrivateFiles#writeDurably}); {@code ls} shows what waits. Dead letters go to {@code inbox-dead-letter/}
 * beside it, with their reason. Messages added or removed together share one force of the folder ({@link FolderSync}).
 */
public final class FileInboxStore implements InboxStore {

    private static final String SUFFIX = MessageFolder.SUFFIX;

    private final Path dir;
    private final Path dead;
    private final FolderSync dirSync;

    private FileInboxStore(Path dir) {
        this.dir = dir;
        this.dirSync = new FolderSync(dir);
        this.dead = MessageFolder.deadLetters(dir);
    }

    /** The inbox in {@code dir}, created when missing; unfinished writes of an earlier run are removed. */
    public static FileInboxStore open(Path dir) throws IOException {
        MessageFolder.open(dir);
        return new FileInboxStore(dir);
    }

    /** The folder of the waiting messages. */
    public Path dir() {
        return dir;
    }

    /** The folder of the dead letters. */
    public Path deadLetterDir() {
        return dead;
    }

    @Override
    public InboxEntry add(InboxEntry entry) throws IOException {
        InboxEntry stored = entry.withId(WebsmsId.next().toString());
        write(dir.resolve(stored.id() + SUFFIX), stored, dirSync);
        return stored;
    }

    @Override
    public List<InboxEntry> list() throws IOException {
        return readAll(dir);
    }

    /** Every waiting entry: this daemon alone works the folder. */
    @Override
    public Taken take() throws IOException {
        return Taken.all(list());
    }

    @Override
    public void release() {
        // nothing is leased in a folder of one daemon
    }

    @Override
    public void update(InboxEntry entry) throws IOException {
        write(dir.resolve(entry.id() + SUFFIX), entry, dirSync);
    }

    @Override
    public void remove(InboxEntry entry) throws IOException {
        Files.deleteIfExists(dir.resolve(entry.id() + SUFFIX));
        dirSync.force();
    }

    @Override
    public void bury(InboxEntry entry, String reason) throws IOException {
        write(dead.resolve(entry.id() + SUFFIX), entry.heldUntil(entry.nextAttempt(), reason), null);
        remove(entry);
    }

    @Override
    public List<InboxEntry> deadLetters() throws IOException {
        return readAll(dead);
    }

    @Override
    public Optional<String> problem() {
        return PrivateFiles.cannotCreateIn(dir).map(why -> "the inbox " + dir + " cannot take a message: " + why);
    }

    private static List<InboxEntry> readAll(Path folder) throws IOException {
        List<InboxEntry> entries = MessageFolder.readAll(folder, FileInboxStore::readEntry);
        entries.sort(Comparator.comparing(InboxEntry::created).thenComparing(InboxEntry::id));
        return entries;
    }

    private static void write(Path file, InboxEntry entry, FolderSync folder) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("index", entry.index());
        properties.setProperty("to", entry.message().to());
        properties.setProperty("from", entry.message().from());
        properties.setProperty("body", entry.message().body());
        entry.message().id().ifPresent(itspId -> properties.setProperty("itsp_id", itspId));
        properties.setProperty("created", entry.created().toString());
        properties.setProperty("attempts", Integer.toString(entry.attempts()));
        properties.setProperty("next_attempt", entry.nextAttempt().toString());
        properties.setProperty("last_reason", entry.lastReason());
        // Contact URIs hold no line break (Asterisk's AMI gave them on one line); one per line keeps them readable.
        properties.setProperty("delivered", String.join("\n", entry.delivered()));
        properties.setProperty("notified", Boolean.toString(entry.notified()));
        StringWriter text = new StringWriter();
        properties.store(text, "websms inbox: one incoming SMS waiting for Asterisk");
        PrivateFiles.writeDurably(file, text.toString().getBytes(StandardCharsets.UTF_8), folder);
    }

    private static InboxEntry readEntry(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String name = file.getFileName().toString();
        Message message = Message.builder().to(properties.getProperty("to")).from(properties.getProperty("from"))
                .body(properties.getProperty("body")).id(properties.getProperty("itsp_id")).build();
        String delivered = properties.getProperty("delivered", "");
        return new InboxEntry(name.substring(0, name.length() - SUFFIX.length()), properties.getProperty("index", ""), message,
                Instant.parse(properties.getProperty("created")), Integer.parseInt(properties.getProperty("attempts", "0")),
                Instant.parse(properties.getProperty("next_attempt")), properties.getProperty("last_reason", ""),
                delivered.isEmpty() ? List.of() : Arrays.asList(delivered.split("\n")), Boolean.parseBoolean(properties.getProperty("notified", "false")));
    }
}
