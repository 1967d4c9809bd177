package io.websms.provider.voipms;

import com.google.auto.service.AutoService;
import io.websms.api.Acknowledger;
import io.websms.api.AuthScheme;
import io.websms.api.ConfigKey;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.MediaFromBody;
import io.websms.api.Message;
import io.websms.api.Provider;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SignatureVerifier;
import io.websms.api.WebhookParser;
import io.websms.api.WebhookReply;
import io.websms.api.UrlSecret;

import java.util.List;
import java.util.Set;

/**
 * {@code provider = voipms}: VoIP.ms's REST API and its SMS URL callback. Sending is {@code sendSMS} (or
 * {@code sendMMS} for a longer text or media) on {@code https://voip.ms/api/v1/rest.php}, with the account's e-mail
 * and API password as {@code api_username} and {@code api_password} and numbers as VoIP.ms writes them (10 digits
 * for the US and Canada). Incoming SMS and MMS come as the GET of the URL the admin gives the DID ("SMS URL
 * Callback"), whose query names the fields; VoIP.ms wants the answer {@code ok}. VoIP.ms signs nothing and reports
 * no delivery status through that callback: a {@code secret} in the URL ({@link io.websms.api.UrlSecret}) and
 * {@code remt_addr} keep strangers out, and sent messages stay {@code sent}.
 */
@AutoService(Provider.class)
public final class VoipmsProvider implements Provider {

    private static final List<ConfigKey> KEYS = List.of(
            key(Direction.OUTBOUND, "url_host", "https://voip.ms"),
            key(Direction.OUTBOUND, "url_path", "/api/v1/rest.php"),
            key(Direction.INBOUND, "key_to", "to"),
            key(Direction.INBOUND, "key_from", "from"),
            key(Direction.INBOUND, "key_body", "message"),
            ConfigKey.builder(Direction.INBOUND, VoipmsWebhookParser.NANP_E164).defaultValue("yes").type(ConfigKey.Type.BOOLEAN)
                    .description("yes: VoIP.ms's 10-digit US and Canadian numbers reach Asterisk in E.164 (+1 and the 10 digits), as other ITSPs give them; no: as VoIP.ms sends them.").build(),
            ConfigKey.builder(Direction.INBOUND, "auth_secret").secret(true)
                    .description("A random value you add to the DID's SMS URL Callback as secret=…: a callback without it gets 403 (VoIP.ms signs nothing).").build());

    private static final Set<String> OUTBOUND_KEYS_READ = Set.of("url_host", "url_path", MediaFromBody.KEY);
    private static final Set<String> INBOUND_KEYS_READ = Set.of("key_to", "key_from", "key_body");

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    @Override
    public String name() {
        return "voipms";
    }

    @Override
    public String description() {
        return "VoIP.ms (voip.ms): REST sendSMS/sendMMS with the API password, SMS URL Callback answered ok.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    @Override
    public Set<String> coreKeysRead(Direction direction) {
        return direction == Direction.OUTBOUND ? OUTBOUND_KEYS_READ : INBOUND_KEYS_READ;
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return new VoipmsRequestMapper();
    }

    /** VoIP.ms takes its credentials as two parameters of every call, whatever auth_method says. */
    @Override
    public AuthScheme authScheme(InterfaceConfig config) {
        return new VoipmsCredentials();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new VoipmsResponseChecker();
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return UrlSecret.inWebhooks();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new VoipmsWebhookParser();
    }

    /** {@code ok}, the answer VoIP.ms waits for; without it, it calls again. */
    @Override
    public Acknowledger acknowledger(InterfaceConfig config) {
        return new Acknowledger() {
            @Override
            public WebhookReply ack(Message message, InterfaceConfig interfaceConfig) {
                return WebhookReply.text("ok");
            }

            @Override
            public WebhookReply ackIgnored(InterfaceConfig interfaceConfig) {
                return WebhookReply.text("ok");
            }
        };
    }
}
