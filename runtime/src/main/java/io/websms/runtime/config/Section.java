package io.websms.runtime.config;

import io.websms.api.Direction;

import java.util.Optional;

/** The sections of {@code websms.conf}. */
public enum Section {
    /** Outgoing SMS, one interface per index. */
    WEBSMS("websms", Direction.OUTBOUND),
    /** Incoming SMS, one interface per index. */
    WEBSMSD("websmsd", Direction.INBOUND),
    /** The Asterisk call files incoming SMS become; single values only. */
    ASTQUEUE("astqueue", null);

    private final String label;
    private final Direction direction;

    Section(String label, Direction direction) {
        this.label = label;
        this.direction = direction;
    }

    /** The name between the brackets. */
    public String label() {
        return label;
    }

    /** The direction whose interfaces this section configures; empty for {@code [astqueue]}. */
    public Optional<Direction> direction() {
        return Optional.ofNullable(direction);
    }

    /** The section of {@code direction}. */
    public static Section of(Direction direction) {
        return direction == Direction.OUTBOUND ? WEBSMS : WEBSMSD;
    }

    /** The section named {@code label}, if websms knows it. */
    public static Optional<Section> byLabel(String label) {
        for (Section section : values()) {
            if (section.label.equals(label)) {
                return Optional.of(section);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "[" + label + "]";
    }
}
