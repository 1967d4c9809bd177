package io.websms.runtime.metrics;

import java.util.List;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): a {@code # HELP} and {@code # TYPE} line per family,
 * then one line per sample. Label values are escaped as the format asks, so no value can break a line or a label.
 */
final class Exposition {

    /** The Content-Type of what this writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder(4096);

    /** Starts a family. */
    Exposition family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample: {@code name{label="value",…} value}. */
    Exposition sample(String name, List<String> labelNames, List<String> labelValues, String extraLabel, String extraValue, double value) {
        text.append(name);
        if (!labelNames.isEmpty() || extraLabel != null) {
            text.append('{');
            for (int i = 0; i < labelNames.size(); i++) {
                label(i > 0, labelNames.get(i), labelValues.get(i));
            }
            if (extraLabel != null) {
                label(!labelNames.isEmpty(), extraLabel, extraValue);
            }
            text.append('}');
        }
        text.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** One sample without labels. */
    Exposition sample(String name, double value) {
        return sample(name, List.of(), List.of(), null, null, value);
    }

    private void label(boolean comma, String name, String value) {
        if (comma) {
            text.append(',');
        }
        text.append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '"' -> text.append("\\\"");
                case '\n' -> text.append("\\n");
                default -> text.append(c);
            }
        }
        text.append('"');
    }

    /** Integers without a fraction, as Prometheus's own clients print them; +Inf for infinity. */
    static String number(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
