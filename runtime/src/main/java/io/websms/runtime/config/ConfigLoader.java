package io.websms.runtime.config;

import io.websms.api.AuthScheme;
import io.websms.api.ConfigKey;
import io.websms.api.ConfigProblem;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.PhoneNumbers;
import io.websms.api.Provider;
import io.websms.runtime.provider.Discovered;
import io.websms.runtime.provider.ProviderRegistry;
import io.websms.runtime.provider.UnknownNameException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads {@code websms.conf} into a {@link WebsmsConfig}, or fails with every problem it found.
 *
 * <p>The file means what it meant to the original WebSMS (see {@link IniReader} for the syntax). On top of that,
 * each key is resolved per interface: a key written with {@code [index]} holds one value per index and gives its
 * default to the interfaces it does not name; a key written without one is shared by every interface; when a key
 * is written both ways, the later form wins, as in PHP. The interfaces of a section are the indexes its keys use.
 * Every value is then checked against its key's type, each provider checks its interfaces, and any error stops the
 * load: websms never starts half-configured.
 */
public final class ConfigLoader {

    private static final long MAX_FILE_SIZE = 1 << 20;

    private final ProviderRegistry registry;
    private final Function<String, String> env;
    private final boolean webhookAssumed;

    /** A loader that expands {@code ${NAME}} from the process environment. */
    public ConfigLoader(ProviderRegistry registry) {
        this(registry, System::getenv);
    }

    /**
     * A loader that expands {@code ${NAME}} with {@code env}, which also gives {@code WEBSMSD_PORT}: where the
     * webhook server listens decides whether an interface anyone may call is a warning.
     */
    public ConfigLoader(ProviderRegistry registry, Function<String, String> env) {
        this(registry, env, false);
    }

    private ConfigLoader(ProviderRegistry registry, Function<String, String> env, boolean webhookAssumed) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.env = Objects.requireNonNull(env, "env");
        this.webhookAssumed = webhookAssumed;
    }

    /**
     * The same loader for {@code check-config}, which runs elsewhere than the daemon: it judges the webhook server
     * as the daemon runs it (the systemd unit and the container set {@code WEBSMSD_PORT}), so an open interface is
     * a warning even where {@code WEBSMSD_PORT} is not set.
     */
    public ConfigLoader assumingWebhookServer() {
        return new ConfigLoader(registry, env, true);
    }

    /** Reads and checks {@code file}. */
    public WebsmsConfig load(Path file) throws ConfigException {
        String name = file.toString();
        byte[] content;
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw fail(name, "the file is larger than 1 MiB; this is not a websms.conf", "name the right file with --config");
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw fail(name, "the file does not exist", "create it (see the README for an example), or name another with --config or WEBSMS_CONFIG");
        } catch (AccessDeniedException e) {
            throw fail(name, "the file cannot be read (permission denied)", "let the user websms runs as read it, e.g. chmod 640 and chgrp to its group");
        } catch (IOException e) {
            throw fail(name, "the file cannot be read: " + e.getMessage(), "check the path given with --config or WEBSMS_CONFIG");
        }
        return parse(name, content);
    }

    private static ConfigException fail(String file, String message, String fix) {
        return ConfigException.of(new Diagnostic(Diagnostic.Severity.ERROR, file, 0, "", "", message, fix));
    }

    /** Reads and checks {@code content}, the bytes of the file named {@code file}. */
    public WebsmsConfig parse(String file, byte[] content) throws ConfigException {
        return new Resolution(file, IniReader.read(file, content, env)).run();
    }

    /** The definitions of one key in one section, in the form that won. */
    private static final class KeyDefinition {
        IniEntry common;
        final Map<String, IniEntry> indexed = new LinkedHashMap<>();

        IniEntry entryFor(String index) {
            return indexed.isEmpty() ? common : indexed.get(index);
        }
    }

    /** One load: the state of resolving one file. */
    private final class Resolution {
        private final String file;
        private final IniReader.Result read;
        private final List<Diagnostic> diagnostics;
        private final Map<Direction, Map<String, Integer>> lines = new EnumMap<>(Direction.class);

        Resolution(String file, IniReader.Result read) {
            this.file = file;
            this.read = read;
            this.diagnostics = new ArrayList<>(read.diagnostics());
        }

        WebsmsConfig run() throws ConfigException {
            checkSections();
            Map<Section, Map<String, KeyDefinition>> definitions = new EnumMap<>(Section.class);
            Map<Section, Set<String>> indexes = new EnumMap<>(Section.class);
            for (Section section : Section.values()) {
                Set<String> sectionIndexes = new LinkedHashSet<>();
                definitions.put(section, define(section, sectionIndexes));
                indexes.put(section, sectionIndexes);
            }
            Map<String, InterfaceConfig> outgoing = interfaces(Direction.OUTBOUND, definitions.get(Section.WEBSMS), indexes.get(Section.WEBSMS));
            Map<String, InterfaceConfig> incoming = interfaces(Direction.INBOUND, definitions.get(Section.WEBSMSD), indexes.get(Section.WEBSMSD));
            Map<String, String> queue = singles(Section.ASTQUEUE, definitions.get(Section.ASTQUEUE));
            amiDelivery(queue, definitions.get(Section.ASTQUEUE));
            Map<String, String> daemon = singles(Section.WEBSMSD, definitions.get(Section.WEBSMSD));
            openDoors(incoming, daemon.get("http_addr"));
            statusPaths(outgoing, incoming);
            notices(outgoing);
            failovers(outgoing);
            unreadKeys(outgoing, Section.WEBSMS, Direction.OUTBOUND);
            unreadKeys(incoming, Section.WEBSMSD, Direction.INBOUND);

            List<Diagnostic> sorted = new ArrayList<>(diagnostics);
            sorted.sort(Comparator.comparing(Diagnostic::severity).thenComparingInt(Diagnostic::line));
            if (sorted.stream().anyMatch(Diagnostic::isError)) {
                throw new ConfigException(sorted);
            }
            return new WebsmsConfig(file, outgoing, !indexes.get(Section.WEBSMS).isEmpty(), incoming,
                    !indexes.get(Section.WEBSMSD).isEmpty(), lines, AstQueueSettings.of(queue),
                    DaemonSettings.of(daemon), sorted);
        }

        private void checkSections() {
            Set<String> known = new TreeSet<>();
            for (Section section : Section.values()) {
                known.add(section.label());
            }
            read.sectionLines().entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(found -> {
                if (!known.contains(found.getKey())) {
                    String fix = Suggestions.closest(found.getKey(), known).map(s -> "did you mean [" + s + "]?")
                            .orElse("websms reads [websms], [websmsd] and [astqueue]; rename or remove this section");
                    error(found.getValue(), found.getKey(), "", "[" + found.getKey() + "] is not a websms section", fix);
                }
            });
        }

        /** Groups the entries of {@code section} by key, in the form PHP keeps; collects the indexes used. */
        private Map<String, KeyDefinition> define(Section section, Set<String> indexes) {
            Map<String, KeyDefinition> byKey = new LinkedHashMap<>();
            Map<String, KeySpec> core = new HashMap<>();
            CoreKeys.of(section).forEach(spec -> core.put(spec.name(), spec));
            Set<String> known = knownKeys(section);
            List<IniEntry> kept = new ArrayList<>();
            for (IniEntry entry : read.entries()) {
                if (!entry.section().equals(section.label())) {
                    continue;
                }
                if (!known.contains(entry.key())) {
                    unknownKey(section, entry, known);
                    continue;
                }
                KeySpec spec = core.get(entry.key());
                if (entry.indexed() && spec != null && !spec.indexed()) {
                    error(entry.line(), section.label(), entry.written(), entry.key() + " takes a single value, without an index"
                                    + (section == Section.WEBSMSD ? " (it is used before the interface is known)" : ""),
                            "write " + entry.key() + " = " + entry.value());
                    continue;
                }
                KeyDefinition definition = byKey.computeIfAbsent(entry.key(), k -> new KeyDefinition());
                if (entry.indexed()) {
                    if (definition.common != null) {
                        warning(entry.line(), section.label(), entry.written(), "this replaces " + entry.key() + " without an index (line "
                                + definition.common.line() + "), as in PHP: the later form wins", "give every interface its own value, or write the key once without an index");
                        definition.common = null;
                    }
                    IniEntry earlier = definition.indexed.put(entry.index(), entry);
                    if (earlier != null) {
                        warning(entry.line(), section.label(), entry.written(), "set again (first at line " + earlier.line() + "); the last value wins", "remove one of the two lines");
                    }
                } else {
                    if (!definition.indexed.isEmpty()) {
                        warning(entry.line(), section.label(), entry.written(), "this replaces the indexed values of " + entry.key() + " (from line "
                                + definition.indexed.values().iterator().next().line() + "), as in PHP: the later form wins", "give every interface its own value, or write the key once without an index");
                        definition.indexed.clear();
                    } else if (definition.common != null) {
                        warning(entry.line(), section.label(), entry.written(), "set again (first at line " + definition.common.line() + "); the last value wins", "remove one of the two lines");
                    }
                    definition.common = entry;
                }
                kept.add(entry);
            }
            for (IniEntry entry : kept) {
                KeyDefinition definition = byKey.get(entry.key());
                if (entry.indexed() && definition.indexed.get(entry.index()) == entry) {
                    indexes.add(entry.index());
                }
            }
            return byKey;
        }

        private Set<String> knownKeys(Section section) {
            Set<String> known = new TreeSet<>();
            CoreKeys.of(section).forEach(spec -> known.add(spec.name()));
            section.direction().ifPresent(direction -> {
                for (Discovered<Provider> provider : registry.providers().values()) {
                    for (ConfigKey key : provider.service().keys()) {
                        if (key.direction() == direction) {
                            known.add(key.name());
                        }
                    }
                }
            });
            return known;
        }

        private void unknownKey(Section section, IniEntry entry, Set<String> known) {
            String renamed = Suggestions.RENAMED.get(entry.key());
            Optional<String> close = Suggestions.closest(entry.key(), known);
            Optional<Section> elsewhere = java.util.Arrays.stream(Section.values())
                    .filter(other -> other != section && knownKeys(other).contains(entry.key())).findFirst();
            String fix;
            if (renamed != null && known.contains(renamed)) {
                fix = entry.key() + " is the name the first WebSMS releases used: write " + renamed + " instead";
            } else if (close.isPresent()) {
                fix = "did you mean " + close.get() + "?";
            } else if (elsewhere.isPresent()) {
                fix = entry.key() + " belongs in " + elsewhere.get() + ": move it there";
            } else {
                fix = "check the spelling; the keys of " + section + " are " + String.join(", ", known);
            }
            error(entry.line(), section.label(), entry.written(), "unknown key", fix);
        }

        /** The interfaces of one direction's section. */
        private Map<String, InterfaceConfig> interfaces(Direction direction, Map<String, KeyDefinition> byKey, Set<String> indexes) {
            Section section = Section.of(direction);
            Map<String, InterfaceConfig> interfaces = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new HashMap<>();
            lines.put(direction, keyLines);
            for (String index : indexes.isEmpty() ? Set.of("") : indexes) {
                IniEntry providerEntry = entry(byKey, "provider", index);
                String providerName = providerEntry == null ? "generic" : providerEntry.value();
                Provider provider = null;
                try {
                    provider = registry.provider(providerName);
                } catch (UnknownNameException e) {
                    error(providerEntry == null ? 0 : providerEntry.line(), section.label(), written("provider", providerEntry, index),
                            "no provider is named '" + providerName + "'; known: " + e.known(),
                            Suggestions.closest(providerName, registry.providers().keySet()).map(s -> "did you mean " + s + "?")
                                    .orElse("install the plugin jar that provides it into the plugins folder, or pick a known one"));
                    // go on with websms's own keys, so that their errors are found too
                }
                Map<String, KeySpec> specs = specs(section, provider);
                InterfaceConfig.Builder builder = InterfaceConfig.builder(direction).index(index).provider(providerName);
                for (KeySpec spec : specs.values()) {
                    IniEntry entry = entry(byKey, spec.name(), index);
                    String value = entry == null ? spec.defaultValue() : entry.value();
                    ValueCheck.Outcome outcome = ValueCheck.check(spec, value, registry);
                    if (outcome.hasProblem()) {
                        report(outcome.severity(), entry == null ? 0 : entry.line(), section.label(), written(spec.name(), entry, index),
                                outcome.message(), outcome.fix());
                    }
                    builder.put(spec.name(), outcome.value());
                    if (spec.secret()) {
                        builder.secret(spec.name());
                    }
                    if (entry != null) {
                        keyLines.put(index + "\u0000" + spec.name(), entry.line());
                    }
                }
                if (provider == null) {
                    continue;
                }
                for (Map.Entry<String, KeyDefinition> defined : byKey.entrySet()) {
                    IniEntry entry = defined.getValue().entryFor(index);
                    if (entry != null && !specs.containsKey(defined.getKey()) && !isCoreSingle(section, defined.getKey())) {
                        warning(entry.line(), section.label(), entry.written(), "provider " + providerName
                                + " does not read this key, so it has no effect" + (index.isEmpty() ? "" : " on interface " + index),
                                "remove it, or set provider to the one that reads it");
                    }
                }
                InterfaceConfig config = builder.build();
                providerChecks(direction, provider, config, keyLines);
                interfaces.put(index, config);
            }
            return interfaces;
        }

        /**
         * Warns of each incoming interface that anyone who reaches the webhook server may call: no {@code remt_addr},
         * no {@code auth_secret} to check signatures with, and a server that listens beyond loopback.
         */
        private void openDoors(Map<String, InterfaceConfig> incoming, String httpAddress) {
            String port = env.apply("WEBSMSD_PORT");
            Optional<ListenAddress> listen = ListenAddress.webhook(httpAddress, port);
            String where;
            if (listen.isPresent()) {
                if (listen.get().isLoopback()) {
                    return; // a reverse proxy on this machine is the door, and websms cannot see it
                }
                where = listen.get().toString();
            } else if (webhookAssumed && port == null && ListenAddress.parse(httpAddress).isEmpty()) {
                where = "every address (WEBSMSD_PORT without http_addr, as the systemd unit and the container start websmsd)";
            } else {
                return; // no webhook server
            }
            for (InterfaceConfig iface : incoming.values()) {
                boolean signed = iface.keys().contains("auth_secret");
                if (!iface.value("remt_addr").isEmpty() || signed && !iface.value("auth_secret").isEmpty()) {
                    continue;
                }
                String index = iface.index();
                warning(0, Section.WEBSMSD.label(), written("remt_addr", null, index),
                        "anyone who can reach the webhook server on " + where + " can post SMS into Asterisk"
                                + (index.isEmpty() ? "" : " through interface " + index) + ": no remt_addr limits who may call"
                                + (signed ? ", and auth_secret is empty, so signatures are not checked" : ""),
                        "set remt_addr to your ITSP's addresses (e.g. remt_addr" + (index.isEmpty() ? "" : " [" + index + "]")
                                + " = 185.45.152.42,3.104.90.0/24)"
                                + (signed ? ", or set auth_secret" : "")
                                + ", or listen on loopback behind a reverse proxy (http_addr = 127.0.0.1:8080)");
            }
        }

        /**
         * Each {@code status_path} must lead to one place: a provider that reads status callbacks, no other interface's
         * {@code status_path}, and no incoming interface's {@code url_path}.
         */
        private void statusPaths(Map<String, InterfaceConfig> outgoing, Map<String, InterfaceConfig> incoming) {
            Map<String, String> taken = new HashMap<>(); // path -> the key that has it, as written
            for (InterfaceConfig iface : incoming.values()) {
                for (String path : iface.value("url_path").split(",")) {
                    if (!path.isBlank()) {
                        taken.putIfAbsent(path.strip(), "[websmsd] " + written("url_path", null, iface.index()));
                    }
                }
            }
            for (InterfaceConfig iface : outgoing.values()) {
                String path = iface.value("status_path");
                if (path.isEmpty()) {
                    continue;
                }
                int line = lines.get(Direction.OUTBOUND).getOrDefault(iface.index() + "\u0000status_path", 0);
                String key = written("status_path", null, iface.index());
                Provider provider;
                try {
                    provider = registry.provider(iface.provider());
                } catch (UnknownNameException e) {
                    continue; // already reported
                }
                boolean reads;
                try {
                    reads = provider.statusParser(iface) != null;
                } catch (RuntimeException e) {
                    error(line, Section.WEBSMS.label(), key, "provider " + provider.name() + " failed to give its status callback parser: " + e,
                            "report this to the plugin's author");
                    continue;
                }
                if (!reads) {
                    error(line, Section.WEBSMS.label(), key, "provider " + provider.name() + " reads no status callbacks, so nothing could serve " + path,
                            "remove status_path" + (iface.index().isEmpty() ? "" : " [" + iface.index() + "]")
                                    + ", or use a provider that reads them (" + String.join(", ", providersReadingStatus(iface)) + ")");
                    continue;
                }
                String other = taken.putIfAbsent(path, "[websms] " + key);
                if (other != null) {
                    error(line, Section.WEBSMS.label(), key, path + " is also " + other + ": one path can lead to one interface only",
                            "give " + key + " a path of its own, e.g. /status/" + (iface.index().isEmpty() ? "1" : iface.index()));
                }
            }
        }

        /** The names of the providers that read status callbacks, in name order: what a status_path may be used with. */
        private List<String> providersReadingStatus(InterfaceConfig iface) {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, Discovered<Provider>> provider : new TreeMap<>(registry.providers()).entrySet()) {
                try {
                    if (provider.getValue().service().statusParser(iface) != null) {
                        names.add(provider.getKey());
                    }
                } catch (RuntimeException e) {
                    // a plugin that fails here is not one to suggest
                }
            }
            return names;
        }

        /** The notices to senders: a sender a call file can carry, and texts with known placeholders only. */
        /** A key set for an interface whose provider says it does not read it: it would change nothing. */
        private void unreadKeys(Map<String, InterfaceConfig> interfaces, Section section, Direction direction) {
            for (InterfaceConfig iface : interfaces.values()) {
                Set<String> read;
                try {
                    read = registry.provider(iface.provider()).coreKeysRead(direction);
                } catch (UnknownNameException | RuntimeException e) {
                    continue; // reported elsewhere
                }
                if (read == null) {
                    continue;
                }
                for (String key : new TreeSet<>(CoreKeys.PROVIDER_READ.get(section))) {
                    int line = lines.get(direction).getOrDefault(iface.index() + "\u0000" + key, 0);
                    if (line > 0 && !read.contains(key)) {
                        warning(line, section.label(), written(key, null, iface.index()), "provider " + iface.provider()
                                + " does not read " + key + ", so it changes nothing", "remove it (" + iface.provider() + " reads "
                                + (read.isEmpty() ? "none of websms's mapping keys" : String.join(", ", new TreeSet<>(read))) + ")");
                    }
                }
            }
        }

        /** Every interface a {@code failover} names is another outgoing interface. */
        private void failovers(Map<String, InterfaceConfig> outgoing) {
            for (InterfaceConfig iface : outgoing.values()) {
                for (String next : iface.value("failover").split(",")) {
                    String index = next.strip();
                    if (index.isEmpty()) {
                        continue;
                    }
                    if (index.equals(iface.index()) || !outgoing.containsKey(index)) {
                        error(lines.get(Direction.OUTBOUND).getOrDefault(iface.index() + "\u0000failover", 0), Section.WEBSMS.label(),
                                written("failover", null, iface.index()),
                                index.equals(iface.index()) ? "an interface cannot fail over to itself" : "'" + index + "' is no [websms] interface",
                                "list the indexes of other [websms] interfaces, e.g. failover [" + iface.index() + "] = "
                                        + outgoing.keySet().stream().filter(k -> !k.equals(iface.index())).findFirst().orElse("b"));
                    }
                }
            }
        }

        /** {@code delivery = ami} needs a manager.conf user; {@code ami_mode = direct} a way to find a number's endpoints. */
        private void amiDelivery(Map<String, String> queue, Map<String, KeyDefinition> byKey) {
            String section = Section.ASTQUEUE.label();
            IniEntry delivery = byKey.containsKey("delivery") ? byKey.get("delivery").common : null;
            if (!queue.get("delivery").equals("ami")) {
                for (String key : List.of("ami_user", "ami_secret", "ami_mode", "ami_endpoints", "ami_hint_context", "inbox_notify_url")) {
                    IniEntry entry = byKey.containsKey(key) ? byKey.get(key).common : null;
                    if (entry != null && !entry.value().isEmpty()) {
                        warning(entry.line(), section, entry.written(), key + " is set, but delivery is callfile, so it is not used",
                                "write delivery = ami to deliver incoming SMS over the AMI, or remove " + key);
                        return;
                    }
                }
                return;
            }
            int line = delivery == null ? 0 : delivery.line();
            if (queue.get("ami_user").isEmpty() || queue.get("ami_secret").isEmpty()) {
                error(line, section, "delivery", "delivery = ami needs ami_user and ami_secret: the AMI lets no one in without them",
                        "add a user to Asterisk's manager.conf (README, \"Delivery over the AMI\") and write ami_user and ami_secret here");
            }
            boolean endpointsWritten = byKey.containsKey("ami_endpoints") && byKey.get("ami_endpoints").common != null
                    && !byKey.get("ami_endpoints").common.value().isEmpty();
            if (queue.get("ami_mode").equals("direct") && !endpointsWritten && queue.get("ami_hint_context").isEmpty()) {
                error(line, section, "ami_mode", "ami_mode = direct needs ami_endpoints or ami_hint_context to find the endpoint a number belongs to",
                        "write ami_endpoints = \"+4930123456=alice\", or ami_hint_context = the context of your hints");
            }
            if (!queue.get("inbox_notify_after").equals("0") && queue.get("inbox_notify_url").isEmpty()) {
                warning(line, section, "inbox_notify_after", "inbox_notify_after is set, but inbox_notify_url is empty, so no copy is sent",
                        "write inbox_notify_url = the URL that takes the copies, or remove inbox_notify_after");
            }
        }

        private void notices(Map<String, InterfaceConfig> outgoing) {
            for (InterfaceConfig iface : outgoing.values()) {
                Map<String, Integer> keyLines = lines.get(Direction.OUTBOUND);
                String from = iface.value("notify_from");
                if (!from.isEmpty() && !PhoneNumbers.isSender(from)) {
                    error(keyLines.getOrDefault(iface.index() + "\u0000notify_from", 0), Section.WEBSMS.label(), written("notify_from", null, iface.index()),
                            "'" + from + "' is not a phone number or sender name, so no call file can carry it",
                            "write a number such as +12025550100, or leave notify_from empty to use the number the SMS was sent to");
                }
                for (String key : List.of("notify_text", "notify_delivered_text")) {
                    String unknown = SenderNoticeText.unknownPlaceholder(iface.value(key));
                    if (unknown != null) {
                        error(keyLines.getOrDefault(iface.index() + "\u0000" + key, 0), Section.WEBSMS.label(), written(key, null, iface.index()),
                                unknown + " is not a placeholder websms fills in", "use {to}, {reason}, {code}, {id} or {status}");
                    }
                }
            }
        }

        private boolean isCoreSingle(Section section, String key) {
            return CoreKeys.of(section).stream().anyMatch(spec -> !spec.indexed() && spec.name().equals(key));
        }

        /** websms's keys of {@code section}, with what {@code provider} (if known) adds or gives another default. */
        private Map<String, KeySpec> specs(Section section, Provider provider) {
            Map<String, KeySpec> specs = new LinkedHashMap<>();
            CoreKeys.of(section).stream().filter(KeySpec::indexed).forEach(spec -> specs.put(spec.name(), spec));
            for (ConfigKey key : provider == null ? List.<ConfigKey>of() : provider.keys()) {
                if (Section.of(key.direction()) != section) {
                    continue;
                }
                // A known single key (dedupe_content, say) may be given another default too: the file's one value,
                // when it has one, still holds for every interface.
                KeySpec core = specs.containsKey(key.name()) ? specs.get(key.name())
                        : CoreKeys.of(section).stream().filter(spec -> spec.name().equals(key.name())).findFirst().orElse(null);
                specs.put(key.name(), core != null ? core.withDefault(key.defaultValue()) : KeySpec.of(key, provider.name()));
            }
            return specs;
        }

        private void providerChecks(Direction direction, Provider provider, InterfaceConfig config, Map<String, Integer> keyLines) {
            List<ConfigProblem> problems = new ArrayList<>();
            try {
                problems.addAll(provider.check(config));
                if (direction == Direction.OUTBOUND) {
                    AuthScheme scheme = provider.authScheme(config);
                    if (scheme == null) {
                        String method = config.value("auth_method");
                        scheme = registry.authSchemes().containsKey(method) ? registry.authSchemes().get(method).service() : null;
                    }
                    if (scheme != null) {
                        problems.addAll(scheme.check(config));
                    }
                }
            } catch (RuntimeException e) {
                error(0, Section.of(direction).label(), "", "provider " + provider.name() + " failed while checking interface '"
                        + config.index() + "': " + e, "report this to the plugin's author");
                return;
            }
            for (ConfigProblem problem : problems) {
                int line = keyLines.getOrDefault(config.index() + "\u0000" + problem.key(), 0);
                String key = config.index().isEmpty() ? problem.key() : problem.key() + " [" + config.index() + "]";
                report(problem.severity() == ConfigProblem.Severity.ERROR ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING,
                        line, Section.of(direction).label(), key, problem.message(), problem.fix());
            }
        }

        /** The single-valued keys of {@code section}, checked. */
        private Map<String, String> singles(Section section, Map<String, KeyDefinition> byKey) {
            Map<String, String> values = new HashMap<>();
            for (KeySpec spec : CoreKeys.of(section)) {
                if (spec.indexed()) {
                    continue;
                }
                KeyDefinition definition = byKey.get(spec.name());
                IniEntry entry = definition == null ? null : definition.common;
                String value = entry == null ? spec.defaultValue() : entry.value();
                ValueCheck.Outcome outcome = ValueCheck.check(spec, value, registry);
                if (outcome.hasProblem()) {
                    report(outcome.severity(), entry == null ? 0 : entry.line(), section.label(),
                            entry == null ? spec.name() : entry.written(), outcome.message(), outcome.fix());
                }
                // A bad value must not break the typed settings; the error already stops the load.
                values.put(spec.name(), outcome.severity() == Diagnostic.Severity.ERROR ? spec.defaultValue() : outcome.value());
            }
            return values;
        }

        private IniEntry entry(Map<String, KeyDefinition> byKey, String key, String index) {
            KeyDefinition definition = byKey.get(key);
            return definition == null ? null : definition.entryFor(index);
        }

        private String written(String key, IniEntry entry, String index) {
            if (entry != null) {
                return entry.written();
            }
            return index.isEmpty() ? key : key + " [" + index + "]";
        }

        private void error(int line, String section, String key, String message, String fix) {
            report(Diagnostic.Severity.ERROR, line, section, key, message, fix);
        }

        private void warning(int line, String section, String key, String message, String fix) {
            report(Diagnostic.Severity.WARNING, line, section, key, message, fix);
        }

        private void report(Diagnostic.Severity severity, int line, String section, String key, String message, String fix) {
            diagnostics.add(new Diagnostic(severity, file, line, section, key, message, fix));
        }
    }
}
