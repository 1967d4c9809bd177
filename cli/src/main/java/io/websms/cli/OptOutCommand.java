package io.websms.cli;

import io.websms.api.LogText;
import io.websms.api.PhoneNumbers;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.optout.FileOptOutStore;
import io.websms.runtime.optout.OptOut;
import io.websms.runtime.optout.OptOutStore;
import io.websms.runtime.store.StoreAddress;
import io.websms.runtime.store.StorePassword;
import io.websms.runtime.store.postgresql.PgOptOutStore;
import io.websms.runtime.store.postgresql.PgStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code websms optout [list|add|remove] [NUMBER FROM]}: the opt-out list in {@code state_dir} (or in the shared
 * store of {@code store = postgresql://…}, which every daemon on it reads), the numbers that
 * get no SMS from one of ours (they wrote STOP to it, or an admin added them). {@code list} shows it; {@code add}
 * puts NUMBER on it for FROM; {@code remove} takes it off, as an incoming START does. NUMBER and FROM in the order
 * {@code websms send TO FROM} takes them. A running daemon sees a change at its next message: it reads the list at
 * every send.
 */
final class OptOutCommand {

    private static final String USAGE = "usage: websms optout [OPTIONS] [list | add NUMBER FROM | remove NUMBER FROM]";

    private final Invocation invocation;
    private final List<String> args;

    OptOutCommand(Invocation invocation, List<String> args) {
        this.invocation = invocation;
        this.args = args;
    }

    ExitCode run() {
        String action = args.isEmpty() ? "list" : args.get(0);
        int wanted = action.equals("list") ? 1 : 3;
        if (!List.of("list", "add", "remove").contains(action) || args.size() > wanted || (wanted == 3 && args.size() < 3)) {
            invocation.err.println("websms optout: " + (!List.of("list", "add", "remove").contains(action) ? "unknown action '" + action + "'"
                    : args.size() > wanted ? "too many arguments" : action + " needs NUMBER (theirs) and FROM (ours)"));
            invocation.err.println(USAGE);
            return ExitCode.USAGE;
        }
        String theirs = wanted == 3 ? args.get(1).strip() : "";
        String ours = wanted == 3 ? args.get(2).strip() : "";
        if (wanted == 3 && !PhoneNumbers.isWrittenNumber(theirs)) {
            invocation.err.println("websms: NUMBER is not a phone number: '" + LogText.escape(theirs) + "'");
            return ExitCode.DATA;
        }
        if (wanted == 3 && !PhoneNumbers.isWrittenNumber(ours) && !PhoneNumbers.isSender(ours)) {
            invocation.err.println("websms: FROM is neither a phone number nor a sender name: '" + LogText.escape(ours) + "'");
            return ExitCode.DATA;
        }
        java.util.Optional<Bootstrap.Loaded> found = Bootstrap.loadOrReport(invocation);
        if (found.isEmpty()) {
            return ExitCode.CONFIG;
        }
        WebsmsConfig config = found.get().config();
        StoreAddress address = config.daemon().store();
        if (!address.isLocal()) {
            String where = "the opt-out list in " + address;
            try (PgStore shared = PgStore.open(address, StorePassword.of(config.daemon().storePasswordFile(), invocation.env()::get))) {
                return act(action, PgOptOutStore.in(shared), where, ours, theirs);
            } catch (IOException e) {
                return failed(action, where, e);
            }
        }
        Path folder = WebsmsdCommand.optOutFolder(config, invocation.configFile());
        try {
            return act(action, FileOptOutStore.open(folder), folder.toString(), ours, theirs);
        } catch (IOException e) {
            return failed(action, "the opt-out list " + folder, e);
        }
    }

    /** Lists {@code store}, or adds or removes the pair; {@code where} names the list. */
    private ExitCode act(String action, OptOutStore store, String where, String ours, String theirs) throws IOException {
        switch (action) {
            case "add" -> invocation.out.println(store.add(new OptOut(ours, theirs, Instant.now(), "websms optout add"))
                    ? theirs + " gets no more SMS from " + ours + "."
                    : theirs + " was on the list for " + ours + " already.");
            case "remove" -> invocation.out.println(store.remove(ours, theirs)
                    ? theirs + " may get SMS from " + ours + " again."
                    : theirs + " was not on the list for " + ours + ".");
            default -> {
                List<OptOut> entries = store.list();
                invocation.out.println(where + ": " + entries.size() + " opt-out(s)");
                for (OptOut entry : entries) {
                    invocation.out.println(String.format("%s  from %s  since %s  by %s", LogText.escape(entry.theirs()),
                            LogText.escape(entry.ours()), entry.since(), LogText.escape(entry.how())));
                }
            }
        }
        return ExitCode.OK;
    }

    private ExitCode failed(String action, String where, IOException e) {
        invocation.err.println("websms: " + where + " cannot be " + (action.equals("list") ? "read" : "changed") + ": " + e.getMessage());
        return ExitCode.TEMPORARY_FAILURE;
    }
}
