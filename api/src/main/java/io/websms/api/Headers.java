package io.websms.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP header fields in the order they were added. Names compare without regard to case. Immutable.
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(List.of());

    /**
     * One header field.
     *
     * @param name  the name, a token without blanks or {@code :}
     * @param value the value, without line breaks
     */
    public record Field(String name, String value) {
        /** Refuses a name or value that would break the header block. */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c >= 127 || c == ':')) {
                throw new IllegalArgumentException("Not a valid header name: '" + name + "'");
            }
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("Header " + name + " has a line break or NUL in its value");
            }
        }
    }

    private final List<Field> fields;

    private Headers(List<Field> fields) {
        this.fields = fields;
    }

    /** No header fields. */
    public static Headers empty() {
        return EMPTY;
    }

    /** The given fields, in order. */
    public static Headers of(List<Field> fields) {
        return fields.isEmpty() ? EMPTY : new Headers(List.copyOf(fields));
    }

    /** Every field, in order. */
    public List<Field> fields() {
        return fields;
    }

    /** The value of the first field named {@code name}. */
    public Optional<String> first(String name) {
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** Every value of the fields named {@code name}, in order. */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                values.add(field.value());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /** A copy with {@code name} set to {@code value}, replacing every field of that name. */
    public Headers with(String name, String value) {
        List<Field> copy = new ArrayList<>(fields.size() + 1);
        for (Field field : fields) {
            if (!field.name().equalsIgnoreCase(name)) {
                copy.add(field);
            }
        }
        copy.add(new Field(name, value));
        return new Headers(List.copyOf(copy));
    }

    /** A copy with one more field named {@code name}. */
    public Headers plus(String name, String value) {
        List<Field> copy = new ArrayList<>(fields);
        copy.add(new Field(name, value));
        return new Headers(List.copyOf(copy));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && fields.equals(h.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /** Lists the names only: header values often carry credentials. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (Field field : fields) {
            names.add(field.name().toLowerCase(Locale.ROOT));
        }
        return "Headers" + names;
    }
}
