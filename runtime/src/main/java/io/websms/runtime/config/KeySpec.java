package io.websms.runtime.config;

import io.websms.api.ConfigKey;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What websms knows of one key: where it goes, its default, how its value is checked, and whether it may take an
 * index.
 *
 * @param section     the section it belongs in
 * @param name        its name
 * @param defaultValue the value when the file does not give one; {@code ""} for none
 * @param type        how the value is checked
 * @param secret      whether the value is masked when printed
 * @param indexed     whether it may hold one value per interface ({@code key [index] = value})
 * @param description one sentence for the reference
 * @param owner       the provider that declared it, or {@code ""} for websms's own keys
 * @param range       the values a number may take, or {@code null} for a key that is no number
 */
public record KeySpec(Section section, String name, String defaultValue, ValueType type, boolean secret,
                      boolean indexed, String description, String owner, Range range) {

    /** The smallest and the largest value a number may take, both allowed. */
    public record Range(BigDecimal min, BigDecimal max) {

        public Range {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
        }

        /** {@code 1 to 10000}. */
        @Override
        public String toString() {
            return min.toPlainString() + " to " + max.toPlainString();
        }
    }

    /** What a provider's whole number may be when it says nothing more: what fits the old nine digits. */
    static final Range ANY_WHOLE_NUMBER = new Range(BigDecimal.ZERO, new BigDecimal("999999999"));

    public KeySpec {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(owner, "owner");
    }

    /** The spec of a key a provider declared. */
    static KeySpec of(ConfigKey key, String provider) {
        ValueType type = ValueType.of(key.type());
        return new KeySpec(Section.of(key.direction()), key.name(), key.defaultValue(), type,
                key.secret(), true, key.description(), provider, type == ValueType.INTEGER ? ANY_WHOLE_NUMBER : null);
    }

    /** The same key with another default (a provider's). */
    KeySpec withDefault(String value) {
        return new KeySpec(section, name, value, type, secret, indexed, description, owner, range);
    }

    /** The same key, a number from {@code min} to {@code max}. */
    KeySpec within(String min, String max) {
        return new KeySpec(section, name, defaultValue, type, secret, indexed, description, owner,
                new Range(new BigDecimal(min), new BigDecimal(max)));
    }
}
