package io.websms.runtime.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 3.104.90.0/24}, {@code 2001:db8::/32}); a bare address is
 * a range of one. Host bits below the prefix are ignored, as the original did.
 */
public final class Cidr {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses {@code address} or {@code address/prefix}. Only literal addresses: a host name is refused, never
     * looked up.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Cidr parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an IPv4 or IPv6 address or CIDR range");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String bits = trimmed.substring(slash + 1);
            if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > max) {
                throw new IllegalArgumentException("'" + trimmed + "' has a prefix length that is not 0 to " + max);
            }
            prefix = Integer.parseInt(bits);
        }
        return new Cidr(mask(bytes, prefix), prefix, trimmed);
    }

    /** The bytes of a literal IPv4 or IPv6 address, or null when {@code address} is not one. */
    static byte[] literal(String address) {
        boolean v4 = IPV4.matcher(address).matches();
        boolean v6 = !v4 && address.indexOf(':') >= 0 && IPV6.matcher(address).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            // A literal is parsed, never resolved: the patterns above admit no host name.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return v6 && bytes.length == 4 ? null : bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code address} is in this range. An IPv4-mapped IPv6 address matches its IPv4 range. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && network.length == 4 && isV4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(bytes, prefix), network);
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, Arrays.hashCode(network));
    }

    /** As written. */
    @Override
    public String toString() {
        return text;
    }
}
