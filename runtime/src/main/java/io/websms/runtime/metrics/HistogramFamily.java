package io.websms.runtime.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram with labels and fixed upper bounds, written as Prometheus's cumulative {@code _bucket}, {@code _sum}
 * and {@code _count} series.
 */
public final class HistogramFamily {

    /** The observations of one set of label values. */
    public static final class Child {
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder count = new LongAdder();

        private Child(double[] bounds) {
            this.bounds = bounds;
            this.buckets = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        /** Records one observation. */
        public void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            sum.add(value);
            count.increment();
        }

        /** How many observations there were. */
        public long count() {
            return count.sum();
        }
    }

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final double[] bounds;
    private final Map<List<String>, Child> children = new ConcurrentHashMap<>();

    HistogramFamily(String name, String help, double[] bounds, String... labelNames) {
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.labelNames = List.of(labelNames);
    }

    /** The histogram of these label values, in the order of the family's label names. */
    public Child labels(String... values) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes the labels " + labelNames + ", not " + values.length + " values");
        }
        return children.computeIfAbsent(List.of(values), k -> new Child(bounds));
    }

    void writeTo(Exposition out) {
        out.family(name, "histogram", help);
        children.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(CounterFamily.LABEL_ORDER))
                .forEach(entry -> {
                    Child child = entry.getValue();
                    // Read the count first: a concurrent observation then shows in the buckets, not missing from them.
                    long count = child.count.sum();
                    long cumulative = 0;
                    for (int i = 0; i < bounds.length; i++) {
                        cumulative += child.buckets[i].sum();
                        out.sample(name + "_bucket", labelNames, entry.getKey(), "le", Exposition.number(bounds[i]), cumulative);
                    }
                    out.sample(name + "_bucket", labelNames, entry.getKey(), "le", "+Inf", Math.max(count, cumulative));
                    out.sample(name + "_sum", labelNames, entry.getKey(), null, null, child.sum.sum());
                    out.sample(name + "_count", labelNames, entry.getKey(), null, null, Math.max(count, cumulative));
                });
    }
}
