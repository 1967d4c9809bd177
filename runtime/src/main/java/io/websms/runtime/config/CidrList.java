package io.websms.runtime.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A comma-separated list of {@link Cidr} ranges, as {@code remt_addr} and {@code prox_addr} hold.
 *
 * @param ranges the ranges, in order
 */
public record CidrList(List<Cidr> ranges) {

    public CidrList {
        ranges = List.copyOf(ranges);
    }

    /**
     * Parses {@code 185.45.152.42,3.104.90.0/24,2001:db8::/32}; blanks around items are ignored, and the empty
     * string is the empty list.
     *
     * @throws IllegalArgumentException naming the first bad item
     */
    public static CidrList parse(String text) {
        List<Cidr> ranges = new ArrayList<>();
        if (!text.isBlank()) {
            for (String item : text.split(",", -1)) {
                if (item.isBlank()) {
                    throw new IllegalArgumentException("the list has an empty item (two commas in a row, or one at an end)");
                }
                ranges.add(Cidr.parse(item));
            }
        }
        return new CidrList(ranges);
    }

    /** Whether the list has no range. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} is in any range of the list. */
    public boolean contains(InetAddress address) {
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", ranges.stream().map(Cidr::toString).toList());
    }
}
