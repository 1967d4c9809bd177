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
 * Zadarma's defaults ({@code auth_method = zadarma}, see {@link ZadarmaAuth}).
 */
@AutoService(Provider.class)
public final class ZadarmaProvider implements Provider {

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
