package io.websms.api;

import java.util.List;

/**
 * One ITSP, or one family of ITSPs with the same API: a named bundle of the pieces that send to it and receive from
 * it, with the configuration keys it reads.
 *
 * <p>websms finds providers with {@link java.util.ServiceLoader}, on the class path and in the jars of its plugins
 * folder, and picks one per interface by {@link #name()} with the {@code provider} key of {@code websms.conf}
 * ({@code generic} by default). Register an implementation with {@code @AutoService(Provider.class)} (or a
 * {@code META-INF/services/io.websms.api.Provider} file). It needs a public no-argument constructor, and is
 * created once per process.
 *
 * <p>The methods that return pieces are called once per interface when websms starts; the pieces they return are
 * then used from many threads for every message, so they must be stateless. The defaults of the optional pieces
 * are what most ITSPs need: no handshake, no signature, the {@code resp_ack} key as the acknowledgement, and no
 * status callbacks.
 *
 * <pre>{@code
 * @AutoService(Provider.class)
 * public final class AcmeProvider implements Provider {
 *     public String name() { return "acme"; }
 *     public String description() { return "Acme SMS API v2"; }
 *     public RequestMapper requestMapper(InterfaceConfig config) { return new AcmeMapper(); }
 *     public ResponseChecker responseChecker(InterfaceConfig config) { return new AcmeChecker(); }
 *     public WebhookParser webhookParser(InterfaceConfig config) { return new AcmeWebhook(); }
 * }
 * }</pre>
 */
public interface Provider {

    /** The name {@code provider = NAME} selects this provider by: lower case letters, digits, {@code -} and {@code _}. */
    String name();

    /** One line for {@code websms check-config} and the documentation. */
    String description();

    /**
     * The keys this provider adds to {@code websms.conf}, and the known keys it gives another default. None by
     * default.
     */
    default List<ConfigKey> keys() {
        return List.of();
    }

    /**
     * Problems with an interface's configuration beyond what the key types check (a value that needs another).
     * Called once per interface before it starts; none by default.
     */
    default List<ConfigProblem> check(InterfaceConfig config) {
        return List.of();
    }

    /** Builds outgoing requests. */
    RequestMapper requestMapper(InterfaceConfig config);

    /**
     * The auth scheme this provider always uses, or {@code null} (the default) to use the one the interface's
     * {@code auth_method} names.
     */
    default AuthScheme authScheme(InterfaceConfig config) {
        return null;
    }

    /** Judges the ITSP's answers. */
    ResponseChecker responseChecker(InterfaceConfig config);

    /**
     * Which of websms's own keys that only a provider interprets it reads in {@code direction}: for
     * {@link Direction#OUTBOUND} {@code url_host}, {@code url_path}, {@code url_method}, {@code key_to},
     * {@code key_from}, {@code key_body}, {@code key_id}, {@code key_user}, {@code key_secret}, {@code resp_check},
     * {@code val_numform}, {@code val_static}, {@code val_unicode}, {@code body_format}, {@code media_from_body}
     * ({@link MediaFromBody}); for {@link Direction#INBOUND}
     * {@code key_to}, {@code key_from}, {@code key_body}, {@code key_echo}, {@code resp_ack}. {@code check-config}
     * and the daemon then warn about one of these set in websms.conf that this provider does not read (it would change
     * nothing). {@code null}, the default, means all of them (nothing to warn about).
     */
    default java.util.Set<String> coreKeysRead(Direction direction) {
        return null;
    }

    /** Answers handshakes; none by default. */
    default EchoHandler echoHandler(InterfaceConfig config) {
        return EchoHandler.none();
    }

    /** Checks webhook signatures; none by default. */
    default SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return SignatureVerifier.none();
    }

    /** Reads incoming messages. */
    WebhookParser webhookParser(InterfaceConfig config);

    /**
     * Reads the ITSP's status callbacks for the messages this interface sent, or {@code null} (the default) when
     * this provider reads none. Called with the configuration of an outgoing ({@code [websms]}) interface: the
     * callbacks arrive at its {@code status_path}. Each callback's signature is checked first with
     * {@link #signatureVerifier(InterfaceConfig)}, given that same outgoing configuration, so a provider that
     * returns a parser must make its verifier refuse (403) an unsigned or forged callback with the keys of
     * {@code [websms]} alone. The conformance kit checks the mapping of each status the ITSP documents, the 403, and
     * that an unknown status gives a report with an empty status rather than an exception.
     */
    default StatusParser statusParser(InterfaceConfig config) {
        return null;
    }

    /**
     * Acknowledges stored messages; by default with the interface's {@code resp_ack} value (typed as
     * {@link WebhookReply#of(String)} says), empty when it has none.
     */
    default Acknowledger acknowledger(InterfaceConfig config) {
        return (message, interfaceConfig) -> WebhookReply.of(interfaceConfig.value("resp_ack"));
    }
}
