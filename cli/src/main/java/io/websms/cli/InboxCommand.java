package io.websms.cli;

import io.websms.api.LogText;
import io.websms.runtime.inbox.FileInboxStore;
import io.websms.runtime.inbox.InboxEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code websms inbox [list|retry|purge] [ID]}: the daemon's inbox with {@code delivery = ami}, the incoming SMS
 * waiting for Asterisk or for a phone to register. {@code list} shows them and the dead letters; {@code retry} makes
 * them (or one) due now, so that a running daemon tries within seconds; {@code purge} drops them (or one) for good.
 * As {@code websms queue} does for the outbox.
 */
final class InboxCommand {

    private final Invocation invocation;
    private final List<String> args;

    InboxCommand(Invocation invocation, List<String> args) {
        this.invocation = invocation;
        this.args = args;
    }

    ExitCode run() {
        java.util.Optional<FolderAction> asked = FolderAction.parse("inbox", args, invocation.err);
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
        Path folder = WebsmsdCommand.stateFolder(loaded.config(), invocation.configFile(), "inbox");
        try {
            FileInboxStore store = FileInboxStore.open(folder);
            java.util.Optional<String> daemon = DaemonLock.holder(DaemonLock.file(WebsmsdCommand.stateFolder(loaded.config(), invocation.configFile(), "outbox")));
            List<InboxEntry> entries = store.list().stream().filter(e -> asked.get().covers(e.id())).toList();
            List<InboxEntry> dead = store.deadLetters().stream().filter(e -> asked.get().covers(e.id())).toList();
            if (only != null && entries.isEmpty() && (action.equals("retry") || dead.isEmpty())) {
                invocation.err.println("websms: no message " + only + " waits in " + folder);
                return ExitCode.DATA;
            }
            switch (action) {
                case "retry" -> {
                    for (InboxEntry entry : entries) {
                        store.update(entry.dueAt(Instant.now()));
                    }
                    invocation.out.println(entries.size() + " message(s) due now; " + (daemon.isPresent()
                            ? "the daemon (process " + daemon.get() + ") tries them within seconds."
                            : "but no daemon runs on this inbox: they are delivered when websms websmsd starts."));
                }
                case "purge" -> {
                    for (InboxEntry entry : entries) {
                        store.remove(entry);
                    }
                    invocation.out.println(entries.size() + " message(s) dropped.");
                }
                default -> {
                    if (!loaded.config().astQueue().ami().isPresent()) {
                        invocation.out.println("delivery = callfile: incoming SMS go to Asterisk's spool, not to this inbox.");
                    }
                    invocation.out.println(folder + ": " + entries.size() + " message(s) waiting; "
                            + daemon.map(pid -> "the daemon (process " + pid + ") delivers them").orElse("no daemon runs on this inbox"));
                    entries.forEach(entry -> invocation.out.println(line(entry, "next " + entry.nextAttempt())));
                    if (!dead.isEmpty()) {
                        invocation.out.println(store.deadLetterDir() + ": " + dead.size() + " dead letter(s), not delivered in time");
                        dead.forEach(entry -> invocation.out.println(line(entry, "dead")));
                    }
                }
            }
            return ExitCode.OK;
        } catch (IOException e) {
            invocation.err.println("websms: the inbox " + folder + " cannot be read: " + e.getMessage());
            return ExitCode.TEMPORARY_FAILURE;
        }
    }

    private static String line(InboxEntry entry, String state) {
        String body = entry.message().body();
        return String.format("%s  to %s  from %s  received %s  attempts %d  %s  devices %d  body %d chars  last: %s", entry.id(),
                LogText.escape(entry.message().to()), LogText.escape(entry.message().from()), entry.created(), entry.attempts(), state,
                entry.delivered().size(), body.codePointCount(0, body.length()), LogText.escape(entry.lastReason()));
    }
}
