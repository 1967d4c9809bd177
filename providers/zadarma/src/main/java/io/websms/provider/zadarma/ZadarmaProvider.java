package io.websms.provider.zadarma;

import com.google.auto.service.AutoService;
import io.websms.api.ConfigKey;
import io.websms.api.Direction;
import io.websms.api.EchoHandler;
import io.websms.api.InterfaceConfig;
import io.websms.api.Provider;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SignatureVerifier;
import io.websms.api.WebhookParser;
import io.websms.provider.generic.GenericRequestMapper;
import io.websms.provider.generic.GenericResponseChecker;
import io.websms.provider.generic.QueryEchoHandler;

import java.util.List;

/**
 * {@code provider = zadarma}: Zadarma's SMS API. Sending is a signed form POST of {@code number},
 * {@code caller_id} and {@code message} to {@code /v1/sms/send/}; incoming SMS come as {@code event=SMS} posts whose
 * {@code result} field holds JSON with {@code caller_did}, {@code caller_id} and {@code text}, after a
 * {@code zd_echo} handshake. The keys of the generic provider keep their meaning; this provider gives them
 * Zadarma's defaults ({@code auth_method = zadarma}, see {@link ZadarmaAuth}), and turns {@code dedupe_content} on
 * for its interfaces (Zadarma sends no message id, and a replayed signed webhook must not be a second SMS).
 */
@AutoService(Provider.class)
public final class ZadarmaProvider implements Provider {

    /** How long the same Zadarma SMS counts as one by default: five minutes, past an ITSP's redelivery, short of a repeated "OK". */
    static final String CONTENT_DEDUPE_SECONDS = "300";

    private static final List<ConfigKey> KEYS = List.of(
            key(Direction.OUTBOUND, "url_host", "https://api.zadarma.com"),
            key(Direction.OUTBOUND, "url_path", "/v1/sms/send/"),
            key(Direction.OUTBOUND, "key_to", "number"),
            key(Direction.OUTBOUND, "key_from", "caller_id"),
            key(Direction.OUTBOUND, "key_body", "message"),
            key(Direction.OUTBOUND, "auth_method", "zadarma"),
            key(Direction.OUTBOUND, "val_numform", "E164"),
            key(Direction.OUTBOUND, "resp_check", "status=success"),
            key(Direction.INBOUND, "key_echo", "zd_echo"),
            key(Direction.INBOUND, "key_to", "caller_did"),
            key(Direction.INBOUND, "key_from", "caller_id"),
            key(Direction.INBOUND, "key_body", "text"),
            // Zadarma sends no message id and signs no time: without this, a replayed webhook is a second call file.
            ConfigKey.builder(Direction.INBOUND, "dedupe_content").defaultValue(CONTENT_DEDUPE_SECONDS).type(ConfigKey.Type.INTEGER)
                    .description("Seconds in which the same caller_did, caller_id and text count as one SMS: a replayed or repeated webhook gets the ack and no second call file; 0 turns it off.").build(),
            ConfigKey.builder(Direction.INBOUND, "auth_secret").secret(true)
                    .description("Your Zadarma API secret: when set, a webhook must carry Zadarma's Signature header, else it gets 403.").build());

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    @Override
    public String name() {
        return "zadarma";
    }

    @Override
    public String description() {
        return "Zadarma (zadarma.com): signed requests to /v1/sms/send/, zd_echo handshake, JSON result webhooks.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    /** Sending is the generic provider's request, so it reads the keys that does: no media_from_body. */
    @Override
    public java.util.Set<String> coreKeysRead(Direction direction) {
        return direction == Direction.OUTBOUND ? io.websms.provider.generic.GenericProvider.OUTBOUND_KEYS_READ : null;
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return new GenericRequestMapper();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new GenericResponseChecker();
    }

    @Override
    public EchoHandler echoHandler(InterfaceConfig config) {
        return new QueryEchoHandler();
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return new ZadarmaSignatureVerifier();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new ZadarmaWebhookParser();
    }
}
