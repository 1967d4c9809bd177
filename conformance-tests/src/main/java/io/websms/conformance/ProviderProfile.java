package io.websms.conformance;

import io.websms.api.DeliveryStatus;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.Provider;
import io.websms.api.SendResult;
import io.websms.api.WebhookReply;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What the conformance kit needs to know to exercise a provider: its configuration, its fields on the wire, how
 * the fake ITSP answers, and what its webhooks look like. Build it in {@link ProviderConformance#profile()}.
 *
 * <pre>{@code
 * ProviderProfile.builder("acme")
 *     .outbound(itsp -> InterfaceConfig.builder(Direction.OUTBOUND).provider("acme")
 *             .put("url_host", itsp).put("auth_user", "user").putSecret("auth_secret", "s3cret-value").build())
 *     .inbound(InterfaceConfig.builder(Direction.INBOUND).provider("acme").build())
 *     .wireFields("to", "from", "text")
 *     .credentials(request -> request.header("Authorization").startsWith("Basic "))
 *     .accepted(200, "{\"ok\":true}")
 *     .rejected(400, "{\"error\":\"bad number\"}")
 *     .webhook(m -> InboundRequest.builder().field("to", m.to()).field("from", m.from()).field("text", m.body()).build())
 *     .ack(WebhookReply.text(""))
 *     .build();
 * }</pre>
 *
 * A provider that reads status callbacks ({@link Provider#statusParser(InterfaceConfig)} not null) describes them
 * too, and the kit reads them with the {@link Builder#outbound(Function) outbound} configuration (put the keys they
 * need, such as {@code status_url}, in it):
 *
 * <pre>{@code
 *     .statusCallbacks((id, status) -> InboundRequest.builder().field("id", id).field("status", status).build(),
 *             Map.of("delivered", DeliveryStatus.DELIVERED, "failed", DeliveryStatus.FAILED))
 *     .statusSigner(request -> signedLikeTheItsp(request))
 * }</pre>
 *
 * A provider that checks signatures says whether the ITSP's signature carries a timestamp: with one, its signer takes
 * the moment to sign at, and the kit checks that a webhook signed longer ago than the tolerance is refused (a replay);
 * without one, the profile says so, and the kit reports the replay check as not applicable:
 *
 * <pre>{@code
 *     .signer((request, signedAt) -> signedLikeTheItsp(request, signedAt.getEpochSecond()), Duration.ofMinutes(5))
 *     // or
 *     .signer(request -> signedLikeTheItsp(request))
 *     .signatureWithoutTimestamp("the ITSP signs the body alone; a replayed message is dropped by its id")
 * }</pre>
 */
public final class ProviderProfile {

    final String name;
    final Provider instance;
    final Function<String, InterfaceConfig> outbound;
    final InterfaceConfig inbound;
    final String toField;
    final String fromField;
    final String bodyField;
    final UnaryOperator<String> numberOnWire;
    final int acceptedStatus;
    final String acceptedBody;
    final int rejectedStatus;
    final String rejectedBody;
    final SendResult.Outcome malformedReply;
    final Predicate<CapturedRequest> credentials;
    final boolean unicodePolicies;
    final Function<Message, InboundRequest> webhook;
    final UnaryOperator<InboundRequest> signer;
    final BiFunction<InboundRequest, Instant, InboundRequest> timestampSigner;
    final Duration tolerance;
    final String withoutTimestamp;
    final InboundRequest echo;
    final String echoReply;
    final WebhookReply ack;
    final BiFunction<String, String, InboundRequest> statusCallback;
    final Map<String, DeliveryStatus> statusWords;
    final UnaryOperator<InboundRequest> statusSigner;

    private ProviderProfile(Builder b) {
        this.name = b.name;
        this.instance = b.instance;
        this.outbound = Objects.requireNonNull(b.outbound, "outbound(config)");
        this.inbound = Objects.requireNonNull(b.inbound, "inbound(config)");
        this.toField = Objects.requireNonNull(b.toField, "wireFields(to, from, body)");
        this.fromField = b.fromField;
        this.bodyField = b.bodyField;
        this.numberOnWire = b.numberOnWire;
        this.acceptedStatus = b.acceptedStatus;
        this.acceptedBody = Objects.requireNonNull(b.acceptedBody, "accepted(status, body)");
        this.rejectedStatus = b.rejectedStatus;
        this.rejectedBody = Objects.requireNonNull(b.rejectedBody, "rejected(status, body)");
        this.malformedReply = b.malformedReply;
        this.credentials = Objects.requireNonNull(b.credentials, "credentials(request -> ...)");
        this.unicodePolicies = b.unicodePolicies;
        this.webhook = Objects.requireNonNull(b.webhook, "webhook(message -> request)");
        this.signer = b.signer;
        this.timestampSigner = b.timestampSigner;
        this.tolerance = b.tolerance;
        this.withoutTimestamp = b.withoutTimestamp;
        this.echo = b.echo;
        this.echoReply = b.echoReply;
        this.ack = Objects.requireNonNull(b.ack, "ack(reply)");
        this.statusCallback = b.statusCallback;
        this.statusWords = Collections.unmodifiableMap(new LinkedHashMap<>(b.statusWords));
        this.statusSigner = b.statusSigner;
        if (statusCallback != null && statusWords.isEmpty()) {
            throw new IllegalArgumentException("statusCallbacks(callback, documented): list each status word the ITSP documents and what it maps to");
        }
        if (withoutTimestamp != null && (signer == null || timestampSigner != null)) {
            throw new IllegalArgumentException(signer == null ? "signatureWithoutTimestamp(…) describes a signature: give the signer(…) too"
                    : "signatureWithoutTimestamp(…) and signer(request, signedAt, tolerance) contradict each other: say one");
        }
        if (statusSigner != null && statusCallback == null) {
            throw new IllegalArgumentException("statusSigner(…) needs statusCallbacks(…): describe the callbacks it signs");
        }
    }

    /** Starts the profile of the provider registered as {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name, null);
    }

    /**
     * Starts the profile of a provider instance that is not registered (the kit's own tests use it); the checks of
     * registration are then left out.
     */
    public static Builder builder(Provider provider) {
        return new Builder(provider.name(), provider);
    }

    /** Builds a {@link ProviderProfile}. */
    public static final class Builder {
        private final String name;
        private final Provider instance;
        private Function<String, InterfaceConfig> outbound;
        private InterfaceConfig inbound;
        private String toField;
        private String fromField;
        private String bodyField;
        private UnaryOperator<String> numberOnWire = n -> n;
        private int acceptedStatus;
        private String acceptedBody;
        private int rejectedStatus;
        private String rejectedBody;
        private SendResult.Outcome malformedReply = SendResult.Outcome.REJECTED;
        private Predicate<CapturedRequest> credentials;
        private boolean unicodePolicies = true;
        private Function<Message, InboundRequest> webhook;
        private UnaryOperator<InboundRequest> signer;
        private BiFunction<InboundRequest, Instant, InboundRequest> timestampSigner;
        private Duration tolerance;
        private String withoutTimestamp;
        private InboundRequest echo;
        private String echoReply;
        private WebhookReply ack;
        private BiFunction<String, String, InboundRequest> statusCallback;
        private final Map<String, DeliveryStatus> statusWords = new LinkedHashMap<>();
        private UnaryOperator<InboundRequest> statusSigner;

        private Builder(String name, Provider instance) {
            this.name = Objects.requireNonNull(name, "name");
            this.instance = instance;
        }

        /**
         * The sending configuration, given the fake ITSP's base URL ({@code http://127.0.0.1:PORT}). Put a secret in
         * it with {@code putSecret}: the kit checks that it never shows.
         */
        public Builder outbound(Function<String, InterfaceConfig> config) {
            this.outbound = config;
            return this;
        }

        /** The receiving configuration (secrets with {@code putSecret}). */
        public Builder inbound(InterfaceConfig config) {
            this.inbound = config;
            return this;
        }

        /**
         * The names of the request fields that carry the destination, the sender and the text. An element of a JSON
         * array is named with its index: {@code to[0]} for an API that takes a list of recipients.
         */
        public Builder wireFields(String to, String from, String body) {
            this.toField = to;
            this.fromField = from;
            this.bodyField = body;
            return this;
        }

        /** How a number given as {@code +46701234567} appears on the wire (digits only, say); as given by default. */
        public Builder numberOnWire(UnaryOperator<String> format) {
            this.numberOnWire = format;
            return this;
        }

        /** How the ITSP answers a message it accepts. */
        public Builder accepted(int status, String body) {
            this.acceptedStatus = status;
            this.acceptedBody = body;
            return this;
        }

        /** How the ITSP answers a message it refuses for good (a 4xx, or a 2xx that says so). */
        public Builder rejected(int status, String body) {
            this.rejectedStatus = status;
            this.rejectedBody = body;
            return this;
        }

        /** What a 200 with a body that is no reply at all ({@code <html>…}) means; {@code REJECTED} by default. */
        public Builder malformedReply(SendResult.Outcome outcome) {
            this.malformedReply = outcome;
            return this;
        }

        /** How to see that credentials were applied to a request (a header, a field). */
        public Builder credentials(Predicate<CapturedRequest> applied) {
            this.credentials = applied;
            return this;
        }

        /**
         * Whether the provider honours {@code val_unicode} ({@code UCS-2}, {@code key=value}); true by default. Say
         * false only for an ITSP whose API has its own Unicode handling.
         */
        public Builder unicodePolicies(boolean supported) {
            this.unicodePolicies = supported;
            return this;
        }

        /** The webhook the ITSP sends for {@code message}, unsigned. */
        public Builder webhook(Function<Message, InboundRequest> webhook) {
            this.webhook = webhook;
            return this;
        }

        /**
         * Signs a webhook as the ITSP does, for providers that check signatures. Say too whether the signature
         * carries a timestamp: use {@link #signer(BiFunction, Duration)} when it does, else
         * {@link #signatureWithoutTimestamp(String)}.
         */
        public Builder signer(UnaryOperator<InboundRequest> signer) {
            this.signer = signer;
            this.timestampSigner = null;
            this.tolerance = null;
            return this;
        }

        /**
         * Signs a webhook as the ITSP does at the moment {@code signedAt}, for a scheme whose signature carries a
         * timestamp; {@code tolerance} is how far from now the provider takes one, under the {@link #inbound(InterfaceConfig)
         * inbound} configuration. The kit checks that a webhook signed longer ago than that is refused with 403, and
         * signs the others at the moment it sends them.
         */
        public Builder signer(BiFunction<InboundRequest, Instant, InboundRequest> signer, Duration tolerance) {
            Objects.requireNonNull(signer, "signer");
            if (tolerance.isNegative() || tolerance.isZero()) {
                throw new IllegalArgumentException("tolerance must be positive: " + tolerance);
            }
            this.timestampSigner = signer;
            this.tolerance = tolerance;
            this.signer = request -> signer.apply(request, Instant.now());
            return this;
        }

        /**
         * Says that the ITSP's signature carries no timestamp, so that the kit's replay check does not apply; it is
         * reported as such, with {@code why}: what stops a replayed webhook instead (websms drops a message whose id
         * it has stored; {@code dedupe_content} one with the same numbers and text), or that nothing does.
         */
        public Builder signatureWithoutTimestamp(String why) {
            this.withoutTimestamp = Objects.requireNonNull(why, "why");
            return this;
        }

        /** The ITSP's handshake, and exactly what must be answered to it. */
        public Builder echo(InboundRequest handshake, String reply) {
            this.echo = handshake;
            this.echoReply = reply;
            return this;
        }

        /** The answer to a stored message: status, content type and body. */
        public Builder ack(WebhookReply reply) {
            this.ack = reply;
            return this;
        }

        /**
         * The ITSP's status callbacks, for a provider that reads them: {@code callback} gives the callback (unsigned)
         * the ITSP sends for the message it calls {@code messageId} when its status becomes the ITSP's word
         * {@code status}; {@code documented} maps each word the ITSP documents to the {@link DeliveryStatus} the
         * provider must report. The kit also sends a word no ITSP uses and expects a report with an empty status.
         */
        public Builder statusCallbacks(BiFunction<String, String, InboundRequest> callback, Map<String, DeliveryStatus> documented) {
            this.statusCallback = Objects.requireNonNull(callback, "callback");
            this.statusWords.clear();
            this.statusWords.putAll(documented);
            return this;
        }

        /** Signs a status callback as the ITSP does (often over another URL than its webhooks), for providers that check it. */
        public Builder statusSigner(UnaryOperator<InboundRequest> signer) {
            this.statusSigner = signer;
            return this;
        }

        public ProviderProfile build() {
            return new ProviderProfile(this);
        }
    }
}
