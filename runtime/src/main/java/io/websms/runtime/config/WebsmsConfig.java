package io.websms.runtime.config;

import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code websms.conf} that has been read and checked: every interface of {@code [websms]} and {@code [websmsd]}
 * with its values resolved, the typed {@code [astqueue]} and {@code [websmsd]} settings, and the warnings found.
 * Built by {@link ConfigLoader}; only a usable file gives one. Immutable.
 */
public final class WebsmsConfig {

    private final String file;
    private final Map<String, InterfaceConfig> outgoing;
    private final Map<String, InterfaceConfig> incoming;
    private final boolean outgoingIndexed;
    private final boolean incomingIndexed;
    private final Map<Direction, Map<String, Integer>> lines;
    private final AstQueueSettings astQueue;
    private final DaemonSettings daemon;
    private final List<Diagnostic> warnings;

    WebsmsConfig(String file, Map<String, InterfaceConfig> outgoing, boolean outgoingIndexed,
                 Map<String, InterfaceConfig> incoming, boolean incomingIndexed,
                 Map<Direction, Map<String, Integer>> lines, AstQueueSettings astQueue, DaemonSettings daemon,
                 List<Diagnostic> warnings) {
        this.file = file;
        this.outgoing = Collections.unmodifiableMap(new LinkedHashMap<>(outgoing));
        this.incoming = Collections.unmodifiableMap(new LinkedHashMap<>(incoming));
        this.outgoingIndexed = outgoingIndexed;
        this.incomingIndexed = incomingIndexed;
        this.lines = lines;
        this.astQueue = astQueue;
        this.daemon = daemon;
        this.warnings = List.copyOf(warnings);
    }

    /** The file it was read from, as named. */
    public String file() {
        return file;
    }

    /**
     * The interfaces of {@code direction}'s section by index, in the order the file first names them. A section
     * without indexed keys has one interface, with index {@code ""}.
     */
    public Map<String, InterfaceConfig> interfaces(Direction direction) {
        return direction == Direction.OUTBOUND ? outgoing : incoming;
    }

    /** Whether any key of {@code direction}'s section is written with an index. */
    public boolean indexed(Direction direction) {
        return direction == Direction.OUTBOUND ? outgoingIndexed : incomingIndexed;
    }

    /**
     * The outgoing interface the dialplan chose with {@code WEBSMS_INDEX} (the 4th argument of {@code websms}).
     * As in the original, an index is ignored when {@code [websms]} has no indexed key; unlike the original, an
     * indexed {@code [websms]} with no index chosen is an error, since it would send fields with empty names.
     *
     * @throws ConfigException naming the indexes there are
     */
    public InterfaceConfig outgoing(String index) throws ConfigException {
        if (!outgoingIndexed) {
            return outgoing.get("");
        }
        String known = String.join(", ", outgoing.keySet());
        if (index == null || index.isEmpty()) {
            throw ConfigException.of(new Diagnostic(Diagnostic.Severity.ERROR, file, 0, "websms", "",
                    "[websms] has indexed keys (interfaces " + known + ") but no index was chosen",
                    "pass the index as the 4th argument (set WEBSMS_INDEX on the endpoint with set_var)"));
        }
        InterfaceConfig found = outgoing.get(index);
        if (found == null) {
            throw ConfigException.of(new Diagnostic(Diagnostic.Severity.ERROR, file, 0, "websms", "",
                    "no interface has the index '" + index + "'; [websms] has " + known,
                    "use one of those, or add keys with [" + index + "] to [websms]"));
        }
        return found;
    }

    /** The line of {@code websms.conf} that set {@code key} for an interface, or 0 when it has its default. */
    public int line(Direction direction, String index, String key) {
        return lines.getOrDefault(direction, Map.of()).getOrDefault(index + "\u0000" + key, 0);
    }

    /** The {@code [astqueue]} settings. */
    public AstQueueSettings astQueue() {
        return astQueue;
    }

    /** The single-valued keys of {@code [websmsd]}. */
    public DaemonSettings daemon() {
        return daemon;
    }

    /** What is odd but usable in the file. */
    public List<Diagnostic> warnings() {
        return warnings;
    }
}
