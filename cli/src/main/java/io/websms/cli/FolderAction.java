package io.websms.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The arguments {@code websms queue} and {@code websms inbox} share: {@code [list|retry|purge] [ID]}.
 *
 * @param action {@code list} (the default), {@code retry} or {@code purge}
 * @param only   the one message's id, or null for all
 */
record FolderAction(String action, String only) {

    /** The action {@code args} ask {@code websms command} for; empty after the usage error was printed on {@code err}. */
    static Optional<FolderAction> parse(String command, List<String> args, PrintStream err) {
        String action = args.isEmpty() ? "list" : args.get(0);
        if (args.size() > 2 || !List.of("list", "retry", "purge").contains(action)) {
            err.println("websms " + command + ": " + (args.size() > 2 ? "too many arguments" : "unknown action '" + action + "'"));
            err.println("usage: websms " + command + " [OPTIONS] [list|retry|purge] [ID]");
            return Optional.empty();
        }
        return Optional.of(new FolderAction(action, args.size() > 1 ? args.get(1) : null));
    }

    /** Whether {@code id} is one this action is about. */
    boolean covers(String id) {
        return only == null || only.equals(id);
    }
}
