package io.websms.cli;

import io.websms.api.LogText;
import io.websms.runtime.inbox.FileInboxStore;
import io.websms.runtime.inbox.InboxEntry;
import io.websms.runtime.inbox.InboxStore;
import io.websms.runtime.store.StoreAddress;
import io.websms.runtime.store.StorePassword;
import io.websms.runtime.store.postgresql.PgInboxStore;
import io.websms.runtime.store.postgresql.PgStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code websms inbox [list|retry|purge] [ID]}: the daemon's inbox with {@code delivery = ami}, the incoming SMS
 * waiting for Asterisk or for a phone to register. {@code list} shows them and the dead letters; {@code retry} makes
 * them (or one) due now, so that a running daemon tries within seconds; {@code purge} drops them (or one) for good.
 * As {@code websms queue} does for the outbox; with {@code store = postgresql://…}, the inbox every daemon on the store
 * shares.
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
        java.util.Optional<Bootstrap.Loaded> found = Bootstrap.loadOrReport(invocation);
        if (found.isEmpty()) {
            return ExitCode.CONFIG;
        }
        Bootstrap.Loaded loaded = found.get();
        StoreAddress address = loaded.config().daemon().store();
        if (!address.isLocal()) {
            try (PgStore shared = PgStore.open(address, StorePassword.of(loaded.config().daemon().storePasswordFile(), invocation.env()::get))) {
                return act(asked.get(), loaded, PgInboxStore.forCommand(shared), "the inbox in " + address, "the dead letters in " + address,
                        "the daemons on this store try them within seconds.", "the daemons on this store deliver them");
            } catch (IOException e) {
                invocation.err.println("websms: the inbox in " + address + " cannot be read: " + e.getMessage());
                return ExitCode.TEMPORARY_FAILURE;
            }
        }
        Path folder = WebsmsdCommand.stateFolder(loaded.config(), invocation.configFile(), "inbox");
        try {
            FileInboxStore store = FileInboxStore.open(folder);
            java.util.Optional<String> daemon = DaemonLock.holder(DaemonLock.file(WebsmsdCommand.stateFolder(loaded.config(), invocation.configFile(), "outbox")));
            return act(asked.get(), loaded, store, folder.toString(), store.deadLetterDir().toString(),
                    daemon.map(pid -> "the daemon (process " + pid + ") tries them within seconds.")
                            .orElse("but no daemon runs on this inbox: they are delivered when websms websmsd starts."),
                    daemon.map(pid -> "the daemon (process " + pid + ") delivers them").orElse("no daemon runs on this inbox"));
        } catch (IOException e) {
            invocation.err.println("websms: the inbox " + folder + " cannot be read: " + e.getMessage());
            return ExitCode.TEMPORARY_FAILURE;
        }
    }

    /** Lists, retries or purges what {@code store} holds; {@code retried} and {@code deliverer} say who delivers them. */
    private ExitCode act(FolderAction asked, Bootstrap.Loaded loaded, InboxStore store, String where, String deadWhere, String retried,
                         String deliverer) throws IOException {
        String action = asked.action();
        String only = asked.only();
        List<InboxEntry> entries = store.list().stream().filter(e -> asked.covers(e.id())).toList();
        List<InboxEntry> dead = store.deadLetters().stream().filter(e -> asked.covers(e.id())).toList();
        if (only != null && entries.isEmpty() && (action.equals("retry") || dead.isEmpty())) {
            invocation.err.println("websms: no message " + only + " waits in " + where);
            return ExitCode.DATA;
        }
        switch (action) {
            case "retry" -> {
                for (InboxEntry entry : entries) {
                    store.update(entry.dueAt(Instant.now()));
                }
                invocation.out.println(entries.size() + " message(s) due now; " + retried);
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
                invocation.out.println(where + ": " + entries.size() + " message(s) waiting; " + deliverer);
                entries.forEach(entry -> invocation.out.println(line(entry, "next " + entry.nextAttempt())));
                if (!dead.isEmpty()) {
                    invocation.out.println(deadWhere + ": " + dead.size() + " dead letter(s), not delivered in time");
                    dead.forEach(entry -> invocation.out.println(line(entry, "dead")));
                }
            }
        }
        return ExitCode.OK;
    }

    private static String line(InboxEntry entry, String state) {
        String body = entry.message().body();
        return String.format("%s  to %s  from %s  received %s  attempts %d  %s  devices %d  body %d chars  last: %s", entry.id(),
                LogText.escape(entry.message().to()), LogText.escape(entry.message().from()), entry.created(), entry.attempts(), state,
                entry.delivered().size(), body.codePointCount(0, body.length()), LogText.escape(entry.lastReason()));
    }
}
