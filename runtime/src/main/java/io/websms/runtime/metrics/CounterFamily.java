package io.websms.runtime.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter with labels: one {@link LongAdder} per set of label values, made on first use. Callers on a hot path
 * keep the adder {@link #labels} returns instead of looking it up each time.
 */
public final class CounterFamily {

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> children = new ConcurrentHashMap<>();

    CounterFamily(String name, String help, String... labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = List.of(labelNames);
    }

    /** The counter of these label values, in the order of the family's label names. */
    public LongAdder labels(String... values) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes the labels " + labelNames + ", not " + values.length + " values");
        }
        return children.computeIfAbsent(List.of(values), k -> new LongAdder());
    }

    /** Adds one to the counter of these label values. */
    public void inc(String... values) {
        labels(values).increment();
    }

    void writeTo(Exposition out) {
        out.family(name, "counter", help);
        children.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(LABEL_ORDER))
                .forEach(child -> out.sample(name, labelNames, child.getKey(), null, null, child.getValue().sum()));
    }

    static final Comparator<List<String>> LABEL_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };
}
