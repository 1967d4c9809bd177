package io.websms.runtime.config;

import io.websms.api.ConfigKey;

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
 */
public record KeySpec(Section section, String name, String defaultValue, ValueType type, boolean secret,
                      boolean indexed, String description, String owner) {

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
        return new KeySpec(Section.of(key.direction()), key.name(), key.defaultValue(), ValueType.of(key.type()),
                key.secret(), true, key.description(), provider);
    }

    /** The same key with another default (a provider's). */
    KeySpec withDefault(String value) {
        return new KeySpec(section, name, value, type, secret, indexed, description, owner);
    }
}
