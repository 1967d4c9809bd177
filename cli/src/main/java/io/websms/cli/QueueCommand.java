package io.websms.cli;

import io.websms.api.LogText;
import io.websms.runtime.outbox.FileMessageStore;
import io.websms.runtime.outbox.MessageStore;
import io.websms.runtime.store.StoreAddress;
import io.websms.runtime.store.StorePassword;
import io.websms.runtime.store.postgresql.PgMessageStore;
import io.websms.runtime.store.postgresql.PgStore;
import io.websms.runtime.outbox.QueuedMessage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code websms queue [list|retry|purge] [ID]}: the outbox of the daemon, the SMS waiting for the ITSP. {@code list}
 * shows them; {@code retry} makes them (or one) due now, so that a running daemon tries within a second; {@code purge}
 * drops them (or one) for good. {@code list} and {@code retry} say whether a daemon works the outbox ({@link DaemonLock}).
 */
final class QueueCommand {

    private final Invocation invocation;
    private final List<String> args;

    QueueCommand(Invocation invocation, List<String> args) {
        this.invocation = invocation;
        this.args = args;
    }

    ExitCode run() {
        java.util.Optional<FolderAction> asked = FolderAction.parse("queue", args, invocation.err);
        if (asked.isEmpty()) {
            return ExitCode.USAGE;
        }
        java.util.Optional<Bootstrap.Loaded> found = Bootstrap.loadOrReport(invocation);
        if (found.isEmpty()) {
            return ExitCode.CONFIG;
        }
        Bootstrap.Loaded loaded = found.get();
        StoreAddress address = loaded.config().daemon().store();
        if (!address.isLocal()) {
            try (PgStore shared = PgStore.open(address, StorePassword.of(loaded.config().daemon().storePasswordFile(), invocation.env()::get))) {
                return act(asked.get(), PgMessageStore.forCommand(shared), "the outbox in " + address,
                        "the daemons on this store try them within a second.", "the daemons on this store send them");
            } catch (IOException e) {
                invocation.err.println("websms: the outbox in " + address + " cannot be read: " + e.getMessage());
                return ExitCode.TEMPORARY_FAILURE;
            }
        }
        Path folder = WebsmsdCommand.stateFolder(loaded.config(), invocation.configFile(), "outbox");
        try {
            Path lock = DaemonLock.file(folder);
            java.util.Optional<String> daemon = DaemonLock.holder(lock);
            return act(asked.get(), FileMessageStore.open(folder), folder.toString(),
                    daemon.map(pid -> "the daemon (process " + pid + ") tries them within a second.")
                            .orElse("but no daemon runs on this outbox (none holds " + lock + "): they are sent when websms websmsd starts."),
                    daemon.map(pid -> "the daemon (process " + pid + ") sends them").orElse("no daemon runs on this outbox"));
        } catch (IOException e) {
            invocation.err.println("websms: the outbox " + folder + " cannot be read: " + e.getMessage());
            return ExitCode.TEMPORARY_FAILURE;
        }
    }

    /** Lists, retries or purges what {@code store} holds; {@code retried} and {@code sender} say who sends them. */
    private ExitCode act(FolderAction asked, MessageStore store, String where, String retried, String sender) throws IOException {
        String only = asked.only();
        List<QueuedMessage> messages = store.list().stream().filter(m -> asked.covers(m.id())).toList();
        if (only != null && messages.isEmpty()) {
            invocation.err.println("websms: no message " + only + " waits in " + where);
            return ExitCode.DATA;
        }
        switch (asked.action()) {
            case "retry" -> {
                for (QueuedMessage message : messages) {
                    store.update(new QueuedMessage(message.id(), message.index(), message.message(), message.created(),
                            message.attempts(), Instant.now(), message.lastReason()));
                }
                invocation.out.println(messages.size() + " message(s) due now; " + retried);
            }
            case "purge" -> {
                for (QueuedMessage message : messages) {
                    store.remove(message);
                }
                invocation.out.println(messages.size() + " message(s) dropped.");
            }
            default -> {
                invocation.out.println(where + ": " + messages.size() + " message(s) waiting; " + sender);
                for (QueuedMessage message : messages) {
                    invocation.out.println(String.format("%s  to %s  interface %s  queued %s  attempts %d  next %s  body %d chars  last: %s",
                            message.id(), LogText.escape(message.message().to()), message.index().isEmpty() ? "-" : message.index(), message.created(),
                            message.attempts(), message.nextAttempt(), message.message().body().codePointCount(0, message.message().body().length()),
                            LogText.escape(message.lastReason())));
                }
            }
        }
        return ExitCode.OK;
    }
}
