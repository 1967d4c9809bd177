package io.websms.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SMS: destination, sender and text, and the ITSP's id for it when the ITSP gave one.
 *
 * <p>Numbers are kept as given; formatting them for an ITSP is the {@link RequestMapper}'s job. The body may hold
 * any Unicode text, line breaks and characters outside the Basic Multilingual Plane (emoji) included.
 * {@link #toString()} does not print the body, only its length, so that logs do not carry message text.
 */
public final class Message {

    private final String to;
    private final String from;
    private final String body;
    private final String id;
    private final List<String> media;

    private Message(Builder builder) {
        this.to = Objects.requireNonNull(builder.to, "to");
        this.from = Objects.requireNonNull(builder.from, "from");
        this.body = Objects.requireNonNull(builder.body, "body");
        this.id = builder.id;
        this.media = List.copyOf(builder.media);
    }

    /** Starts a message. */
    public static Builder builder() {
        return new Builder();
    }

    /** A message with no id. */
    public static Message of(String to, String from, String body) {
        return builder().to(to).from(from).body(body).build();
    }

    /** The destination number. */
    public String to() {
        return to;
    }

    /** The sender: a number, or the alphanumeric sender name some ITSPs allow. */
    public String from() {
        return from;
    }

    /** The text. */
    public String body() {
        return body;
    }

    /**
     * The message's id. For an incoming message, the ITSP's id (Twilio's {@code MessageSid}, say), when it gave one.
     * For an outgoing message sent by websms, websms's own id for it (a ULID, {@code WEBSMS_ID}): the same on every
     * try, the outbox's later ones included, so that a provider may send it as an idempotency key or client
     * reference and the ITSP can tell a retry from a new message.
     */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /**
     * The URLs of the pictures, audio or video an MMS carries (Twilio's {@code MediaUrl0…}, Telnyx's {@code media[]}),
     * in order; empty for a plain SMS. A SIP MESSAGE carries only text, so websms shows them to the phone as links
     * after the text, one per line.
     */
    public List<String> media() {
        return media;
    }

    /** A builder that starts from this message. */
    public Builder toBuilder() {
        return builder().to(to).from(from).body(body).id(id).media(media);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && to.equals(m.to) && from.equals(m.from) && body.equals(m.body)
                && Objects.equals(id, m.id) && media.equals(m.media);
    }

    @Override
    public int hashCode() {
        return Objects.hash(to, from, body, id, media);
    }

    @Override
    public String toString() {
        return "Message[to=" + to + ", from=" + from + ", body=" + body.codePointCount(0, body.length()) + " chars"
                + (id == null ? "" : ", id=" + id) + (media.isEmpty() ? "" : ", media=" + media.size()) + "]";
    }

    /** Builds a {@link Message}; {@code to}, {@code from} and {@code body} are required. */
    public static final class Builder {
        private String to;
        private String from;
        private String body;
        private String id;
        private List<String> media = List.of();

        private Builder() {
        }

        /** The destination number. */
        public Builder to(String value) {
            this.to = value;
            return this;
        }

        /** The sender. */
        public Builder from(String value) {
            this.from = value;
            return this;
        }

        /** The text. */
        public Builder body(String value) {
            this.body = value;
            return this;
        }

        /** The message's id ({@link Message#id()}); {@code null} for none. */
        public Builder id(String value) {
            this.id = value;
            return this;
        }

        /** The media URLs of an MMS ({@link Message#media()}), in order. */
        public Builder media(List<String> value) {
            this.media = List.copyOf(value);
            return this;
        }

        /** The message. */
        public Message build() {
            return new Message(this);
        }
    }
}
