package io.websms.cli;

import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.config.ConfigException;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.ListenAddress;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.daemon.Websmsd;
import io.websms.runtime.inbound.Inbound;
import io.websms.runtime.inbound.MessageIds;
import io.websms.runtime.ledger.MessageLedger;
import io.websms.runtime.ledger.SqliteLedger;
import io.websms.runtime.metrics.BuildInfo;
import io.websms.runtime.inbox.FileInboxStore;
import io.websms.runtime.inbox.InboxStore;
import io.websms.runtime.optout.FileOptOutStore;
import io.websms.runtime.optout.OptOutStore;
import io.websms.runtime.outbox.FileMessageStore;
import io.websms.runtime.outbox.MessageStore;
import io.websms.runtime.ratelimit.RateLimits;
import io.websms.runtime.provider.UnknownNameException;
import io.websms.runtime.store.StoreAddress;
import io.websms.runtime.store.StoreHealth;
import io.websms.runtime.store.StorePassword;
import io.websms.runtime.store.postgresql.PgLedger;
import io.websms.runtime.store.postgresql.PgMessageIds;
import io.websms.runtime.store.postgresql.PgBuckets;
import io.websms.runtime.store.postgresql.PgInboxStore;
import io.websms.runtime.store.postgresql.PgMessageStore;
import io.websms.runtime.store.postgresql.PgOptOutStore;
import io.websms.runtime.store.postgresql.PgStore;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code websms websmsd}: the daemon. The webhook server for incoming SMS listens on {@code WEBSMSD_PORT} (as in the
 * original: unset or not a number turns it off, unless {@code http_addr} is set); the FastAGI server for outgoing
 * SMS on {@code agi_addr}. When the configuration file does not exist, the default one is written first, as the
 * original did (outside {@code /etc} with {@code state_dir} beside it); when {@code /var/spool/asterisk} does not exist and the spool folders are the defaults, call files
 * go to a {@code spool} folder beside the configuration. Runs until SIGTERM or SIGINT, then lets the requests in
 * progress finish.
 */
final class WebsmsdCommand {

    private static final System.Logger LOG = System.getLogger("io.websms.websmsd");
    static final Path ASTERISK_SPOOL = Path.of("/var/spool/asterisk");
    /** Where a production configuration lives: a default one written there keeps the system's state folder. */
    static final Path SYSTEM_CONFIG_DIR = Path.of("/etc");

    private final Invocation invocation;

    WebsmsdCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    /** Why the daemon did not start; what it printed is on the invocation's stderr. */
    static final class NotStarted extends Exception {
        private static final long serialVersionUID = 1L;
        final ExitCode exitCode;

        NotStarted(ExitCode exitCode) {
            super(exitCode.name(), null, false, false);
            this.exitCode = exitCode;
        }
    }

    /** Runs the daemon until SIGTERM or SIGINT. */
    ExitCode run() {
        // The hook goes in first: a SIGTERM that comes while the daemon starts still stops it with its lines.
        java.util.concurrent.atomic.AtomicReference<Websmsd> running = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.log(Level.INFO, "stopping: finishing the requests in progress");
            Websmsd daemon = running.getAndSet(null);
            if (daemon != null) {
                daemon.close();
            }
            stopped.countDown();
        }, "websmsd-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Websmsd daemon = start();
            running.set(daemon);
            reloadOnHangup(daemon);
        } catch (NotStarted e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook); // nothing to stop: no "stopping" line on the way out
            } catch (IllegalStateException shuttingDown) {
                // a SIGTERM came meanwhile: the hook says so
            }
            return e.exitCode;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }

    /** SIGHUP (systemctl reload, websms reload) re-reads websms.conf instead of ending the JVM. */
    private void reloadOnHangup(Websmsd daemon) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"),
                    signal -> Thread.ofPlatform().name("websmsd-reload").start(() -> reload(daemon)));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "SIGHUP cannot be caught on this platform ({0}): restart websmsd to apply a new configuration", e.getMessage());
        }
    }

    /**
     * Reads websms.conf again and hands a valid one to the daemon for the next message; an invalid one is refused
     * with its errors and the running configuration stays. Says which changed keys only a restart applies.
     */
    void reload(Websmsd daemon) {
        Path file = invocation.configFile();
        LOG.log(Level.INFO, "reload: reading {0}", file.toAbsolutePath());
        WebsmsConfig fresh;
        try {
            fresh = new ConfigLoader(daemon.registry(), invocation.env()::get).load(file);
        } catch (ConfigException e) {
            e.errors().forEach(d -> LOG.log(Level.WARNING, d.format()));
            LOG.log(Level.WARNING, "reload refused: {0} has {1} error(s) (above); the running configuration stays", file, e.errors().size());
            return;
        }
        fresh.warnings().forEach(w -> LOG.log(Level.WARNING, w.format()));
        try {
            List<String> ignored = daemon.reload(fresh);
            LOG.log(Level.INFO, "reloaded {0}: the next messages use it", file);
            if (!ignored.isEmpty()) {
                LOG.log(Level.WARNING, "reload: {0} changed, which only a restart applies (listen addresses, folders, limits and stores "
                        + "stay as started); restart websmsd to apply", String.join(", ", ignored));
            }
        } catch (UnknownNameException e) {
            LOG.log(Level.WARNING, "reload refused: {0}; the running configuration stays", e.getMessage());
        }
    }

    /** Starts the daemon and says where it listens; the caller stops it. */
    Websmsd start() throws NotStarted {
        Path file = invocation.configFile();
        LOG.log(Level.INFO, "websms {0} (Java {1}) starting with {2}", BuildInfo.version(), BuildInfo.java(), file.toAbsolutePath());
        if (!Files.exists(file)) {
            try {
                writeDefaultConfig(file);
                LOG.log(Level.INFO, "{0} did not exist: wrote the default configuration there", file);
            } catch (IOException e) {
                Logging.print(invocation.err, List.of(file + ": does not exist, and the default configuration cannot be written there ("
                        + e.getMessage() + "). Fix: create it, or name another with --config or WEBSMS_CONFIG."));
                throw new NotStarted(ExitCode.CONFIG);
            }
        }
        java.util.Optional<Bootstrap.Loaded> found = Bootstrap.loadOrReport(invocation);
        if (found.isEmpty()) {
            throw new NotStarted(ExitCode.CONFIG);
        }
        Bootstrap.Loaded loaded = found.get();
        WebsmsConfig config = loaded.config();
        config.warnings().forEach(w -> LOG.log(Level.WARNING, w.format()));
        Optional<InetSocketAddress> http = httpAddress(config);
        Optional<InetSocketAddress> agi = ListenAddress.parse(config.daemon().agiAddress()).map(ListenAddress::socketAddress);
        if (http.isEmpty() && agi.isEmpty()) {
            Logging.print(invocation.err, List.of("nothing to serve: the webhook server is off (set WEBSMSD_PORT or http_addr) and so is FastAGI (agi_addr)."));
            throw new NotStarted(ExitCode.CONFIG);
        }
        Websmsd daemon;
        try {
            boolean viaAmi = config.astQueue().ami().isPresent();
            Spool spool = viaAmi ? null : spool(config.astQueue(), file);
            Optional<InetSocketAddress> admin = ListenAddress.parse(config.daemon().adminAddress()).map(ListenAddress::socketAddress);
            Optional<PgStore> shared = openStore(config);
            Optional<InboxStore> inbox = !viaAmi ? Optional.empty() : Optional.of(shared.isPresent()
                    ? PgInboxStore.forDaemon(shared.get(), config.daemon().storeLease()) : FileInboxStore.open(stateFolder(config, file, "inbox")));
            Optional<MessageIds> ids = config.daemon().dedupeWindow().isZero() ? Optional.empty()
                    : Optional.of(shared.isPresent() ? PgMessageIds.ids(shared.get(), config.daemon().dedupeWindow())
                    : MessageIds.open(stateFolder(config, file, "message-ids"), config.daemon().dedupeWindow()));
            Optional<MessageStore> outbox;
            if (shared.isPresent()) {
                outbox = Optional.of(PgMessageStore.forDaemon(shared.get(), config.daemon().storeLease()));
            } else {
                Path outboxFolder = stateFolder(config, file, "outbox");
                outbox = Optional.of(FileMessageStore.open(outboxFolder));
                markRunning(outboxFolder);
            }
            // A provider may turn content dedupe on for its interfaces (Zadarma), even with dedupe_content = 0.
            java.time.Duration keepContents = Inbound.longestContentWindow(config);
            Optional<MessageIds> contents = keepContents.isZero() ? Optional.empty()
                    : Optional.of(shared.isPresent() ? PgMessageIds.contents(shared.get(), config.daemon().dedupeContent(), keepContents)
                    : MessageIds.open(stateFolder(config, file, "message-contents"), config.daemon().dedupeContent(), keepContents));
            Optional<MessageLedger> ledger = openLedger(config, file);
            // The buckets of rate_limit and rate_limit_sender, saved so that a restart does not refill a day's quota.
            RateLimits limits = shared.isPresent() ? RateLimits.in(PgBuckets.in(shared.get()))
                    : RateLimits.open(stateFolder(config, file, "rate-limits").resolve("buckets.tsv"), java.time.Clock.systemUTC());
            Optional<OptOutStore> optOuts = Optional.of(shared.isPresent() ? PgOptOutStore.in(shared.get()) : FileOptOutStore.open(optOutFolder(config, file)));
            try {
                daemon = Websmsd.start(config, loaded.registry(), new Websmsd.Settings(http, agi, spool, admin, ids, contents, outbox, ledger, inbox,
                        Optional.of(limits), optOuts, shared.map(StoreHealth.class::cast)));
            } catch (IOException | UnknownNameException | RuntimeException e) {
                if (ledger.isPresent()) {
                    ledger.get().close();
                }
                limits.close();
                shared.ifPresent(PgStore::close);
                throw e;
            }
            if (daemon.adminPort() > 0) {
                LOG.log(Level.INFO, "health and metrics on http://{0}:{1,number,#}/health and /metrics", admin.get().getHostString(), daemon.adminPort());
            }
            if (daemon.httpPort() > 0 && viaAmi) {
                LOG.log(Level.INFO, "webhooks for incoming SMS on http://{0}:{1,number,#}/; they wait in {2} and go to Asterisk over the AMI at {3} ({4} mode)",
                        http.get().getHostString(), daemon.httpPort(), shared.isPresent() ? "the store " + config.daemon().store()
                                : stateFolder(config, file, "inbox"), config.astQueue().ami().get().address(),
                        config.astQueue().ami().get().mode().name().toLowerCase(java.util.Locale.ROOT));
            } else if (daemon.httpPort() > 0) {
                LOG.log(Level.INFO, "webhooks for incoming SMS on http://{0}:{1,number,#}/; call files go to {2} (written in {3})",
                        http.get().getHostString(), daemon.httpPort(), spool.outgoingDir(), spool.stagingDir());
            } else {
                LOG.log(Level.INFO, "webhook server off: set WEBSMSD_PORT (or http_addr) to receive SMS");
            }
            if (daemon.agiPort() > 0) {
                String at = new ListenAddress(agi.get().getHostString(), daemon.agiPort()).toString();
                LOG.log(Level.INFO, "FastAGI server for outgoing SMS on {0}: AGI(agi://{0}/websms,...)", at);
            } else {
                LOG.log(Level.INFO, "FastAGI server off (agi_addr is empty)");
            }
        } catch (StoreUnavailable e) {
            Logging.print(invocation.err, List.of(e.getMessage()));
            throw new NotStarted(ExitCode.UNAVAILABLE);
        } catch (UnknownNameException e) {
            Logging.print(invocation.err, List.of(e.getMessage()));
            throw new NotStarted(ExitCode.CONFIG);
        } catch (io.websms.runtime.daemon.ListenException e) {
            Logging.print(invocation.err, List.of(e.getMessage()));
            throw new NotStarted(e.mayPass() ? ExitCode.UNAVAILABLE : ExitCode.CONFIG);
        } catch (IOException e) {
            Logging.print(invocation.err, List.of(e.getMessage()));
            throw new NotStarted(ExitCode.CONFIG);
        }
        return daemon;
    }

    /** The shared store cannot be reached or used: the daemon does not start (systemd starts it again). */
    static final class StoreUnavailable extends IOException {
        private static final long serialVersionUID = 1L;

        StoreUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The PostgreSQL store of {@code store = postgresql://…}, connected and its schema up to date; empty for
     * {@code store = local}. Its password comes from {@code store_password_file} or {@code PGPASSWORD}, never logged.
     */
    private Optional<PgStore> openStore(WebsmsConfig config) throws StoreUnavailable {
        StoreAddress address = config.daemon().store();
        if (address.isLocal()) {
            return Optional.empty();
        }
        try {
            PgStore store = PgStore.open(address, StorePassword.of(config.daemon().storePasswordFile(), invocation.env()::get));
            LOG.log(Level.INFO, "store {0}: message ids, the outbox, the rate limits, the opt-out list and the inbox are shared with every websmsd on it", address);
            return Optional.of(store);
        } catch (IOException e) {
            throw new StoreUnavailable(e.getMessage() + ". Fix: start PostgreSQL or correct store (and its password in "
                    + "store_password_file or PGPASSWORD); websms check-config tries the connection", e);
        }
    }

    /** Holds the lock that tells {@code websms queue} a daemon works this outbox; warns when another daemon holds it. */
    private static void markRunning(Path outbox) throws IOException {
        Path lock = DaemonLock.file(outbox);
        if (!DaemonLock.acquire(lock)) {
            LOG.log(Level.WARNING, "another websmsd (process {0}) works the outbox {1}: both may send a queued SMS; give each daemon its own state_dir",
                    DaemonLock.holder(lock).orElse("?"), outbox);
        }
    }

    /** {@code WEBSMSD_PORT} (with the host of {@code http_addr}), else {@code http_addr}, else none. */
    private Optional<InetSocketAddress> httpAddress(WebsmsConfig config) {
        String port = invocation.env().get("WEBSMSD_PORT");
        Optional<ListenAddress> address = ListenAddress.webhook(config.daemon().httpAddress(), port);
        if (port != null && address.isEmpty()) {
            LOG.log(Level.WARNING, "WEBSMSD_PORT={0} is not a port number: the webhook server is off, as in the original", port);
        }
        return address.map(ListenAddress::socketAddress);
    }

    /** The configured spool; the folder beside the configuration when Asterisk's is absent and the defaults are in force. */
    private static Spool spool(AstQueueSettings queue, Path configFile) throws IOException {
        boolean defaults = queue.outgoingDir().equals(ASTERISK_SPOOL.resolve("outgoing")) && queue.stagingDir().equals(ASTERISK_SPOOL.resolve("staging"));
        if (defaults && !Files.isDirectory(ASTERISK_SPOOL)) {
            Path local = configFile.toAbsolutePath().getParent().resolve("spool");
            LOG.log(Level.WARNING, "{0} does not exist (no Asterisk here?): call files go to {1} instead; set outgoingdir and stagingdir to choose",
                    ASTERISK_SPOOL, local.resolve("outgoing"));
            return Spool.open(local.resolve("staging"), local.resolve("outgoing"), queue);
        }
        return Spool.open(queue);
    }

    /**
     * The message ledger, or none when it cannot be opened: a record of the messages is no reason to send none, so
     * the daemon then starts without it and says so.
     */
    private Optional<MessageLedger> openLedger(WebsmsConfig config, Path file) {
        if (!config.daemon().store().isLocal()) {
            return openSharedLedger(config.daemon().store(), config.daemon().storePasswordFile());
        }
        Path ledger = ledgerFile(config, file);
        try {
            return Optional.of(SqliteLedger.open(ledger));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ledger: {0}; outgoing SMS are sent but not recorded (websms status knows nothing of them). "
                    + "Fix: make {1} a writable folder on a local file system (state_dir), then restart websmsd", e.getMessage(), ledger.getParent());
            return Optional.empty();
        }
    }

    /** The ledger in the PostgreSQL store, shared with every daemon on it; none (saying so) when it cannot be opened. */
    private Optional<MessageLedger> openSharedLedger(StoreAddress store, String passwordFile) {
        try {
            MessageLedger ledger = PgLedger.open(store, StorePassword.of(passwordFile, invocation.env()::get));
            LOG.log(Level.INFO, "ledger: in the store {0}, shared with every websmsd on it", store);
            return Optional.of(ledger);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ledger: {0}; outgoing SMS are sent but not recorded (websms status knows nothing of them). "
                    + "Fix: make the store usable (websms check-config tries it), then restart websmsd", e.getMessage());
            return Optional.empty();
        }
    }

    /** The daemon's message ledger: {@code ledger/ledger.db} in {@code state_dir}, where {@code websms status} reads it. */
    static Path ledgerFile(WebsmsConfig config, Path configFile) {
        return stateFolder(config, configFile, "ledger").resolve("ledger.db");
    }

    /** A folder of {@code state_dir}, or of a {@code state} folder beside the configuration when that cannot be created. */
    static Path stateFolder(WebsmsConfig config, Path configFile, String name) {
        Path folder = config.daemon().stateDir().resolve(name);
        try {
            io.websms.runtime.files.PrivateFiles.createFolders(folder);
            return folder;
        } catch (IOException e) {
            Path local = configFile.toAbsolutePath().getParent().resolve("state").resolve(name);
            LOG.log(Level.WARNING, "cannot create {0} ({1}); using {2} instead: set state_dir to choose", folder, e.toString(), local);
            return local;
        }
    }

    /** The opt-out list the daemon keeps in {@code state_dir} ({@code optout/}), created when missing. */
    static Path optOutFolder(WebsmsConfig config, Path configFile) {
        return stateFolder(config, configFile, "optout");
    }

    /**
     * The daemon's opt-out list for a command that only sends, creating nothing. With {@code store = postgresql://…}
     * the shared list in the store, read as it is (a command run as Asterisk's user must not change the tables); its
     * connection ends with the command. Else {@code state_dir/optout}, or the {@code state} folder beside the
     * configuration that {@link #stateFolder} falls back to. A list that cannot be read (a {@code state_dir} this
     * user cannot look into, a store that cannot be reached, a password file it cannot read) makes the send fail
     * rather than ignore the list.
     */
    static OptOutStore optOutsForSending(WebsmsConfig config, Path configFile, java.util.function.Function<String, String> env) {
        StoreAddress store = config.daemon().store();
        if (!store.isLocal()) {
            try {
                return PgOptOutStore.reading(PgStore.connect(store, StorePassword.of(config.daemon().storePasswordFile(), env)));
            } catch (IOException e) {
                return OptOutStore.unreadable(e);
            }
        }
        Path folder = config.daemon().stateDir().resolve("optout");
        if (Files.notExists(folder)) {
            Path local = configFile.toAbsolutePath().getParent().resolve("state").resolve("optout");
            if (Files.isDirectory(local)) {
                return FileOptOutStore.reading(local);
            }
        }
        return FileOptOutStore.reading(folder);
    }

    /** Writes the default configuration to {@code file} (see {@link #defaultConfig}). */
    static void writeDefaultConfig(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, defaultConfig(file), java.nio.file.StandardOpenOption.CREATE_NEW);
    }

    /**
     * The shipped example configuration, for {@code file}. Under {@code /etc} it is the example as shipped (state in
     * {@code /var/lib/websms}); anywhere else, such as the quickstart's {@code target/run}, it keeps
     * {@code state_dir} beside itself, so that a trial run (even as root) never queues its messages where a
     * production daemon would later send them.
     */
    static String defaultConfig(Path file) throws IOException {
        String example;
        try (InputStream in = WebsmsdCommand.class.getResourceAsStream("websms.conf")) {
            if (in == null) {
                throw new IOException("the default configuration is missing from the websms jar");
            }
            example = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Path absolute = file.toAbsolutePath().normalize();
        if (absolute.startsWith(SYSTEM_CONFIG_DIR)) {
            return example;
        }
        String state = absolute.getParent().resolve("state").toString();
        // In double quotes, as PHP reads them: \, " and $ are escaped.
        String quoted = '"' + state.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + '"';
        java.util.regex.Matcher section = java.util.regex.Pattern.compile("(?m)^\\[websmsd\\]\\R").matcher(example);
        if (!section.find()) {
            throw new IOException("the default configuration in the websms jar has no [websmsd] section");
        }
        return example.substring(0, section.end())
                + "; Written outside /etc: this websms keeps its state (the outbox, the message ids) beside this file.\n"
                + "state_dir       = " + quoted + "\n"
                + example.substring(section.end());
    }
}
