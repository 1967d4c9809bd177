package io.websms.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.websms.api.LogText;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.MessageLedger;
import io.websms.runtime.ledger.Query;
import io.websms.runtime.ledger.SqliteLedger;
import io.websms.runtime.ledger.StatusChange;
import io.websms.runtime.outbound.WebsmsId;
import io.websms.runtime.store.StorePassword;
import io.websms.runtime.store.postgresql.PgLedger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code websms status ID} (one outgoing SMS and its status history) and {@code websms status [--to N] [--from N]
 * [--since 1h] [--last 20]} (a table, newest first), {@code --json} for scripts: what the daemon's message ledger
 * knows. Reads the ledger file of {@code state_dir} for reading only, beside a running daemon; with {@code store =
 * postgresql://…}, the ledger every daemon on that store shares.
 */
final class StatusCommand {

    static final int DEFAULT_LAST = 20;
    private static final int MAX_LAST = 10_000;
    private static final Pattern SINCE = Pattern.compile("(\\d{1,9})([smhd])");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Invocation invocation;
    private final List<String> args;

    StatusCommand(Invocation invocation, List<String> args) {
        this.invocation = invocation;
        this.args = args;
    }

    /** A wrong command line: said with the command's usage, exit 64. */
    static final class Usage extends Exception {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message, null, false, false);
        }
    }

    ExitCode run() throws Usage {
        boolean filtered = invocation.option("--to").isPresent() || invocation.option("--from").isPresent()
                || invocation.option("--since").isPresent() || invocation.option("--last").isPresent();
        if (args.size() > 1) {
            throw new Usage("unexpected argument '" + args.get(1) + "' (give one message id, or none)");
        }
        if (args.size() == 1 && filtered) {
            throw new Usage("give a message id or --to, --from, --since, --last; not both");
        }
        Query query = args.isEmpty() ? query() : null;
        WebsmsId id = null;
        if (!args.isEmpty()) {
            try {
                id = WebsmsId.parse(args.get(0));
            } catch (IllegalArgumentException e) {
                invocation.err.println("websms status: " + LogText.escape(e.getMessage()));
                return ExitCode.DATA;
            }
        }
        Optional<Bootstrap.Loaded> found = Bootstrap.loadOrReport(invocation);
        if (found.isEmpty()) {
            return ExitCode.CONFIG;
        }
        WebsmsConfig config = found.get().config();
        Optional<Path> file = ledgerFile(config, invocation.configFile());
        if (config.daemon().store().isLocal() && file.isEmpty()) {
            invocation.err.println("websms status: there is no message ledger in " + config.daemon().stateDir().resolve("ledger")
                    + ": websmsd keeps one there from its first start; websms send and classic AGI alone record nothing");
            return ExitCode.DATA;
        }
        try (MessageLedger ledger = openReadOnly(config, file)) {
            if (id != null) {
                Optional<LedgerEntry> entry = ledger.byId(id);
                if (entry.isEmpty()) {
                    invocation.err.println("websms status: no message " + id + " in " + where(config, file)
                            + " (never sent through websmsd, or older than ledger_days)");
                    return ExitCode.DATA;
                }
                invocation.out.print(json() ? JSON.writeValueAsString(json(entry.get())) + "\n" : describe(entry.get()));
            } else {
                List<LedgerEntry> entries = ledger.find(query);
                if (json()) {
                    ArrayNode list = JSON.createArrayNode();
                    entries.forEach(e -> list.add(json(e)));
                    invocation.out.print(JSON.writeValueAsString(list) + "\n");
                } else {
                    invocation.out.print(table(entries));
                }
            }
            return ExitCode.OK;
        } catch (IOException e) {
            invocation.err.println("websms status: " + LogText.escape(String.valueOf(e.getMessage())));
            return ExitCode.TEMPORARY_FAILURE;
        }
    }

    /**
     * The daemon's ledger for reading only: the shared one in the PostgreSQL store when {@code store} names one (its
     * password as the daemon reads it), else the file of {@code state_dir}.
     */
    private MessageLedger openReadOnly(WebsmsConfig config, Optional<Path> file) throws IOException {
        if (!config.daemon().store().isLocal()) {
            return PgLedger.openReadOnly(config.daemon().store(), StorePassword.of(config.daemon().storePasswordFile(), invocation.env()::get));
        }
        return SqliteLedger.openReadOnly(file.orElseThrow());
    }

    /** Where the ledger is, for a message: {@code the ledger <file>} or {@code the ledger in <store>}. */
    private static String where(WebsmsConfig config, Optional<Path> file) {
        return config.daemon().store().isLocal() ? "the ledger " + file.orElseThrow() : "the ledger in " + config.daemon().store();
    }

    private boolean json() {
        return invocation.option("--json").isPresent();
    }

    private Query query() throws Usage {
        int last = DEFAULT_LAST;
        Optional<String> lastOption = invocation.option("--last");
        if (lastOption.isPresent()) {
            try {
                last = Integer.parseInt(lastOption.get().strip());
            } catch (NumberFormatException e) {
                last = -1;
            }
            if (last < 1 || last > MAX_LAST) {
                throw new Usage("--last " + lastOption.get() + ": give a number of messages from 1 to " + MAX_LAST);
            }
        }
        Query query = Query.newest(last);
        Optional<String> to = invocation.option("--to");
        if (to.isPresent()) {
            query = query.to(to.get());
        }
        Optional<String> from = invocation.option("--from");
        if (from.isPresent()) {
            query = query.from(from.get());
        }
        Optional<String> since = invocation.option("--since");
        if (since.isPresent()) {
            query = query.since(Instant.now().minus(duration(since.get())));
        }
        return query;
    }

    /** {@code 45s}, {@code 30m}, {@code 1h}, {@code 2d}. */
    static Duration duration(String text) throws Usage {
        Matcher m = SINCE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new Usage("--since " + text + ": give a time back from now, a number and s, m, h or d: 30m, 1h, 2d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The daemon's ledger file ({@code state_dir/ledger/ledger.db}, or the fallback beside the configuration), if there is one. */
    static Optional<Path> ledgerFile(WebsmsConfig config, Path configFile) {
        Path main = config.daemon().stateDir().resolve("ledger").resolve("ledger.db");
        if (Files.isRegularFile(main)) {
            return Optional.of(main);
        }
        // Where websmsd keeps its state when state_dir cannot be created (WebsmsdCommand.stateFolder).
        Path local = configFile.toAbsolutePath().getParent().resolve("state").resolve("ledger").resolve("ledger.db");
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }

    private static String text(String value) {
        return value.isEmpty() ? "-" : LogText.escape(value);
    }

    /** One message, a field a line, then its history a change a line. */
    static String describe(LedgerEntry entry) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "id         %s\n", entry.id()));
        out.append(String.format(Locale.ROOT, "status     %s\n", entry.status().wireName()));
        out.append(String.format(Locale.ROOT, "interface  %s\n", text(entry.interfaceIndex())));
        out.append(String.format(Locale.ROOT, "to         %s\n", text(entry.to())));
        out.append(String.format(Locale.ROOT, "from       %s\n", text(entry.from())));
        out.append(String.format(Locale.ROOT, "length     %d characters, %d SMS\n", entry.characters(), entry.segments()));
        out.append(String.format(Locale.ROOT, "itsp id    %s\n", text(entry.itspId().orElse(""))));
        out.append(String.format(Locale.ROOT, "accepted   %s\n", time(entry.created())));
        entry.body().ifPresent(body -> out.append(String.format(Locale.ROOT, "body       %s\n", LogText.escape(body))));
        out.append("history\n");
        for (StatusChange change : entry.history()) {
            String error = (change.errorCode() + " " + change.errorText()).strip();
            out.append(String.format(Locale.ROOT, "  %s  %-11s%s\n", time(change.time()), change.status().wireName(),
                    error.isEmpty() ? "" : "  " + LogText.escape(error)).replaceAll(" +\n$", "\n"));
        }
        return out.toString();
    }

    /** The messages, newest first, a line each under a header. */
    static String table(List<LedgerEntry> entries) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-26s  %-23s  %-11s  %-9s  %-16s  %-16s  %3s  %s\n",
                "ID", "ACCEPTED", "STATUS", "INTERFACE", "TO", "FROM", "SMS", "ITSP ID"));
        for (LedgerEntry e : entries) {
            out.append(String.format(Locale.ROOT, "%-26s  %-23s  %-11s  %-9s  %-16s  %-16s  %3d  %s\n", e.id(), time(e.created()),
                    e.status().wireName(), text(e.interfaceIndex()), text(e.to()), text(e.from()), e.segments(), text(e.itspId().orElse(""))));
        }
        return out.toString();
    }

    /** One message for scripts: times in ISO 8601 (UTC), absent values null. */
    static ObjectNode json(LedgerEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", entry.id().toString());
        node.put("status", entry.status().wireName());
        node.put("interface", entry.interfaceIndex());
        node.put("to", entry.to());
        node.put("from", entry.from());
        node.put("characters", entry.characters());
        node.put("segments", entry.segments());
        node.put("body", entry.body().orElse(null));
        node.put("itsp_id", entry.itspId().orElse(null));
        node.put("accepted", entry.created().toString());
        ArrayNode history = node.putArray("history");
        for (StatusChange change : entry.history()) {
            ObjectNode step = history.addObject();
            step.put("time", change.time().toString());
            step.put("status", change.status().wireName());
            step.put("error_code", change.errorCode());
            step.put("error_text", change.errorText());
        }
        return node;
    }
}
