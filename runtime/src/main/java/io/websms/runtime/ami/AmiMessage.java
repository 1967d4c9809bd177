package io.websms.runtime.ami;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One AMI message: an ordered list of {@code Key: Value} headers, as Asterisk sends and reads them, ended on the wire
 * by an empty line. Keys may repeat (several {@code Variable:} lines of an {@code Originate}); AMI compares keys
 * without regard to case, and so do {@link #get} and {@link #all}. Immutable.
 *
 * <p>The {@link Builder} refuses, before anything is sent, what Asterisk would misread: a CR or LF in a key or value
 * (it would start a header or an action of its own) and a line longer than {@link #MAX_LINE_BYTES} bytes with its
 * CRLF (Asterisk 22 answers "Failed to parse message: line too long" from 1,025 bytes on, measured).
 */
public final class AmiMessage {

    /** The longest header line Asterisk's manager reads, its CRLF included. */
    public static final int MAX_LINE_BYTES = 1024;

    private final List<Map.Entry<String, String>> headers;

    private AmiMessage(List<Map.Entry<String, String>> headers) {
        this.headers = List.copyOf(headers);
    }

    /** A builder for an action: its first header is {@code Action: name}. */
    public static Builder action(String name) {
        return new Builder().add("Action", name);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A message as read from Asterisk, taken as it is (Asterisk's own lines are not checked against the limits). */
    static AmiMessage received(List<Map.Entry<String, String>> headers) {
        return new AmiMessage(headers);
    }

    /** The value of the first header named {@code key} (any case). */
    public Optional<String> get(String key) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(key)) {
                return Optional.of(header.getValue());
            }
        }
        return Optional.empty();
    }

    /** The values of every header named {@code key} (any case), in order. */
    public List<String> all(String key) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(key)) {
                values.add(header.getValue());
            }
        }
        return values;
    }

    /** Every header, in order. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** A copy to change: the same headers, in order, in a new builder. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        headers.forEach(header -> builder.add(header.getKey(), header.getValue()));
        return builder;
    }

    /** The bytes Asterisk reads: each header as {@code Key: Value} and CRLF, then an empty line. */
    public byte[] toWire() {
        StringBuilder wire = new StringBuilder();
        for (Map.Entry<String, String> header : headers) {
            wire.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        return wire.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The headers, one a line, with the value of every {@code Secret} header masked. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> header : headers) {
            boolean secret = header.getKey().equalsIgnoreCase("Secret");
            text.append(text.isEmpty() ? "" : ", ").append(header.getKey()).append(": ").append(secret ? "****" : header.getValue());
        }
        return "AmiMessage[" + text + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AmiMessage message && message.headers.equals(headers);
    }

    @Override
    public int hashCode() {
        return headers.hashCode();
    }

    /** Collects headers in order; each is checked as it is added. */
    public static final class Builder {

        private final List<Map.Entry<String, String>> headers = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds the header {@code key: value} after the others.
         *
         * @throws IllegalArgumentException when the key is empty or holds a colon, CR or LF, the value holds a CR or
         *                                  LF, or the line is longer than {@value #MAX_LINE_BYTES} bytes with its CRLF
         */
        public Builder add(String key, String value) {
            if (key == null || key.isBlank() || key.strip().length() != key.length() || key.chars().anyMatch(c -> c == ':' || c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("AMI header key '" + key + "' is not a header name: it must be non-empty, "
                        + "without spaces around it, and hold no ':', CR or LF");
            }
            if (value == null) {
                throw new IllegalArgumentException("AMI header '" + key + "' has no value (null)");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                // A CR or LF would end the header here and let the rest of the value act as headers or actions.
                throw new IllegalArgumentException("AMI header '" + key + "' holds a CR or LF, which would start a new header "
                        + "or action in Asterisk: refused (send text with line breaks base64-encoded, e.g. as Base64Body)");
            }
            int bytes = (key + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_LINE_BYTES) {
                throw new IllegalArgumentException("AMI header '" + key + "' makes a line of " + bytes + " bytes; Asterisk reads at most "
                        + MAX_LINE_BYTES + " bytes a line (CRLF included) and would answer 'line too long': split the value");
            }
            headers.add(Map.entry(key, value));
            return this;
        }

        /** The message, with the headers added so far. */
        public AmiMessage build() {
            return new AmiMessage(headers);
        }
    }
}
