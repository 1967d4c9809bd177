package io.websms.cli;

import io.websms.api.LogText;
import io.websms.runtime.outbox.FileMessageStore;
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
        String action = asked.get().action();
        String only = asked.get().only();
        java.util.Optional<Bootstrap.Loaded> found = Bootstrap.loadOrReport(invocation);
        if (found.isEmpty()) {
            return ExitCode.CONFIG;
        }
        Bootstrap.Loaded loaded = found.get();
        Path folder = WebsmsdCommand.stateFolder(loaded.config(), invocation.configFile(), "outbox");
        try {
            FileMessageStore store = FileMessageStore.open(folder);
            Path lock = DaemonLock.file(folder);
            java.util.Optional<String> daemon = DaemonLock.holder(lock);
            List<QueuedMessage> messages = store.list().stream().filter(m -> asked.get().covers(m.id())).toList();
            if (only != null && messages.isEmpty()) {
                invocation.err.println("websms: no message " + only + " waits in " + folder);
                return ExitCode.DATA;
            }
            switch (action) {
                case "retry" -> {
                    for (QueuedMessage message : messages) {
                        store.update(new QueuedMessage(message.id(), message.index(), message.message(), message.created(),
                                message.attempts(), Instant.now(), message.lastReason()));
                    }
                    invocation.out.println(messages.size() + " message(s) due now; " + (daemon.isPresent()
                            ? "the daemon (process " + daemon.get() + ") tries them within a second."
                            : "but no daemon runs on this outbox (none holds " + lock + "): they are sent when websms websmsd starts."));
                }
                case "purge" -> {
                    for (QueuedMessage message : messages) {
                        store.remove(message);
                    }
                    invocation.out.println(messages.size() + " message(s) dropped.");
                }
                default -> {
                    invocation.out.println(folder + ": " + messages.size() + " message(s) waiting; "
                            + daemon.map(pid -> "the daemon (process " + pid + ") sends them").orElse("no daemon runs on this outbox"));
                    for (QueuedMessage message : messages) {
                        invocation.out.println(String.format("%s  to %s  interface %s  queued %s  attempts %d  next %s  body %d chars  last: %s",
                                message.id(), LogText.escape(message.message().to()), message.index().isEmpty() ? "-" : message.index(), message.created(),
                                message.attempts(), message.nextAttempt(), message.message().body().codePointCount(0, message.message().body().length()),
                                LogText.escape(message.lastReason())));
                    }
                }
            }
            return ExitCode.OK;
        } catch (IOException e) {
            invocation.err.println("websms: the outbox " + folder + " cannot be read: " + e.getMessage());
            return ExitCode.TEMPORARY_FAILURE;
        }
    }
}
