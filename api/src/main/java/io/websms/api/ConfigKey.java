package io.websms.api;

import java.util.Objects;

/**
 * A key of {@code websms.conf} that a provider reads: its section, name, default, type and description.
 *
 * <p>websms knows the keys of the original WebSMS; a provider declares the keys it adds in
 * {@link Provider#keys()}. A provider may also re-declare a known key to give it another default for the
 * interfaces it serves (the {@code zadarma} provider, say, defaults {@code url_host} to Zadarma's API). websms uses
 * the declarations to validate values before anything starts, to suggest the right name for a misspelt key, to
 * mask secrets and to document the keys.
 *
 * <pre>{@code
 * ConfigKey.builder(Direction.INBOUND, "public_url")
 *     .type(ConfigKey.Type.URL)
 *     .description("The URL the ITSP calls, as it sees it (for the signature).")
 *     .build();
 * }</pre>
 */
public final class ConfigKey {

    /** How websms validates a value before the interface starts. An empty value is always allowed. */
    public enum Type {
        /** Any text. */
        TEXT,
        /** An absolute http or https URL. */
        URL,
        /** A URL path that starts with {@code /}. */
        PATH,
        /** A whole number, zero or more. */
        INTEGER,
        /** {@code yes/true/on/1} or {@code no/false/off/none/0} (and the empty string, false). */
        BOOLEAN,
        /** A comma-separated list of IPv4 or IPv6 addresses or CIDR ranges. */
        CIDR_LIST,
        /** A comma-separated list of {@code key=value} pairs. */
        KEY_VALUE_LIST
    }

    private final Direction direction;
    private final String name;
    private final String defaultValue;
    private final Type type;
    private final boolean secret;
    private final String description;

    private ConfigKey(Builder builder) {
        this.direction = builder.direction;
        this.name = builder.name;
        this.defaultValue = builder.defaultValue;
        this.type = builder.type;
        this.secret = builder.secret;
        this.description = builder.description;
    }

    /** Starts a key of the section of {@code direction} named {@code name}. */
    public static Builder builder(Direction direction, String name) {
        return new Builder(direction, name);
    }

    /** The section the key belongs to. */
    public Direction direction() {
        return direction;
    }

    /** The key's name as written in {@code websms.conf}, without an index. */
    public String name() {
        return name;
    }

    /** The value an interface gets when the file does not set the key for it; {@code ""} when none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** How the value is validated. */
    public Type type() {
        return type;
    }

    /** Whether the value is a secret: it is masked wherever websms prints or logs it. */
    public boolean secret() {
        return secret;
    }

    /** One sentence for the reference documentation and {@code websms check-config}. */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigKey k && direction == k.direction && name.equals(k.name)
                && defaultValue.equals(k.defaultValue) && type == k.type && secret == k.secret
                && description.equals(k.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(direction, name, defaultValue, type, secret, description);
    }

    @Override
    public String toString() {
        return "[" + direction.section() + "] " + name + (defaultValue.isEmpty() ? "" : " (default " + defaultValue + ")");
    }

    /** Builds a {@link ConfigKey}. */
    public static final class Builder {
        private final Direction direction;
        private final String name;
        private String defaultValue = "";
        private Type type = Type.TEXT;
        private boolean secret;
        private String description = "";

        private Builder(Direction direction, String name) {
            this.direction = Objects.requireNonNull(direction, "direction");
            this.name = Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
                throw new IllegalArgumentException("A key name is a letter followed by letters, digits, '_', '.' or '-': " + name);
            }
        }

        /** The default value; {@code ""} (the default) means none. */
        public Builder defaultValue(String value) {
            this.defaultValue = Objects.requireNonNull(value, "defaultValue");
            return this;
        }

        /** How the value is validated; {@link Type#TEXT} by default. */
        public Builder type(Type value) {
            this.type = Objects.requireNonNull(value, "type");
            return this;
        }

        /** Marks the value as a secret, masked wherever websms prints it. */
        public Builder secret(boolean value) {
            this.secret = value;
            return this;
        }

        /** One sentence for the documentation. */
        public Builder description(String value) {
            this.description = Objects.requireNonNull(value, "description");
            return this;
        }

        /** The key. */
        public ConfigKey build() {
            return new ConfigKey(this);
        }
    }
}
