package io.websms.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of one interface: the values of one section of {@code websms.conf} for one index, every
 * known key resolved (the index's own value, else the value shared by all indexes, else the default).
 *
 * <p>Values are the strings PHP's {@code parse_ini_file} would give, so an unquoted {@code yes} reads
 * {@code "1"} and an unquoted {@code no} reads {@code ""}; use {@link #flag(String)} for booleans. Immutable and
 * thread-safe. {@link #toString()} masks secrets.
 */
public final class InterfaceConfig {

    private static final String MASK = "********";

    private final Direction direction;
    private final String index;
    private final String provider;
    private final Map<String, String> values;
    private final Set<String> secretKeys;

    private InterfaceConfig(Builder builder) {
        this.direction = builder.direction;
        this.index = builder.index;
        this.provider = builder.provider;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(builder.values));
        this.secretKeys = Collections.unmodifiableSet(new TreeSet<>(builder.secretKeys));
    }

    /** Starts an interface configuration of the given direction. */
    public static Builder builder(Direction direction) {
        return new Builder(direction);
    }

    /** The direction, and so the section ({@code [websms]} or {@code [websmsd]}) this interface comes from. */
    public Direction direction() {
        return direction;
    }

    /** The index of the interface ({@code api-1} for {@code url_host [api-1]}); {@code ""} when the section has none. */
    public String index() {
        return index;
    }

    /** The name of the provider that serves this interface. */
    public String provider() {
        return provider;
    }

    /** The value of {@code key}, or empty when websms knows no value for it (not even a default). */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of {@code key}, or {@code ""} when it has none. */
    public String value(String key) {
        return values.getOrDefault(key, "");
    }

    /** Whether {@code key} has a non-empty value. */
    public boolean isSet(String key) {
        return !value(key).isEmpty();
    }

    /**
     * The value of {@code key} read as a boolean the way the original did: {@code 1}, {@code yes}, {@code true} and
     * {@code on} are true (any case); anything else, the empty string included, is false.
     */
    public boolean flag(String key) {
        return switch (value(key).trim().toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> true;
            default -> false;
        };
    }

    /** The keys that have a value, in the order they were added. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** Whether the value of {@code key} is a secret that must never be printed or logged. */
    public boolean isSecret(String key) {
        return secretKeys.contains(key);
    }

    /** A copy with {@code key} set to {@code value}; for tests and for providers that derive values. */
    public InterfaceConfig with(String key, String value) {
        return toBuilder().put(key, value).build();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder(direction).index(index).provider(provider);
        builder.values.putAll(values);
        builder.secretKeys.addAll(secretKeys);
        return builder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterfaceConfig c && direction == c.direction && index.equals(c.index)
                && provider.equals(c.provider) && values.equals(c.values) && secretKeys.equals(c.secretKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(direction, index, provider, values, secretKeys);
    }

    /** Lists the values with every secret masked. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("InterfaceConfig[").append(direction.section());
        if (!index.isEmpty()) {
            out.append(' ').append(index);
        }
        out.append(", provider=").append(provider);
        values.forEach((k, v) -> out.append(", ").append(k).append('=').append(secretKeys.contains(k) && !v.isEmpty() ? MASK : v));
        return out.append(']').toString();
    }

    /** Builds an {@link InterfaceConfig}. */
    public static final class Builder {
        private final Direction direction;
        private String index = "";
        private String provider = "generic";
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Set<String> secretKeys = new TreeSet<>();

        private Builder(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
        }

        /** The interface's index; {@code ""} (the default) for a section without indexes. */
        public Builder index(String value) {
            this.index = Objects.requireNonNull(value, "index");
            return this;
        }

        /** The provider's name; {@code generic} by default. */
        public Builder provider(String value) {
            this.provider = Objects.requireNonNull(value, "provider");
            return this;
        }

        /** Sets {@code key} to {@code value}. */
        public Builder put(String key, String value) {
            values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        /** Sets {@code key} to {@code value} and marks it secret. */
        public Builder putSecret(String key, String value) {
            put(key, value);
            secretKeys.add(key);
            return this;
        }

        /** Marks {@code key} as secret. */
        public Builder secret(String key) {
            secretKeys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /** The configuration. */
        public InterfaceConfig build() {
            return new InterfaceConfig(this);
        }
    }
}
