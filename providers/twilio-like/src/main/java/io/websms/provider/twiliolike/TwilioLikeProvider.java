package io.websms.provider.twiliolike;

import com.google.auto.service.AutoService;
import io.websms.api.ConfigKey;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.Provider;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SignatureVerifier;
import io.websms.api.StatusParser;
import io.websms.api.WebhookParser;

import java.util.List;

/**
 * {@code provider = twilio-like}: Twilio's Messages API and the APIs that copy it (SignalWire's has its own provider,
 * {@link SignalWireProvider}, with its host and signature rules). Sending is a form POST of {@code To}, {@code From}
 * and {@code Body} with Basic auth (account SID and auth token) to
 * {@code /2010-04-01/Accounts/{auth_user}/Messages.json}; incoming messages are form posts of the same fields,
 * acknowledged with an empty TwiML {@code <Response></Response>}. With {@code status_url} set, each message asks for
 * Twilio's status callbacks there ({@code StatusCallback}); they are read by {@link TwilioStatusParser} and signed like
 * incoming webhooks, with the same auth token.
 */
@AutoService(Provider.class)
public final class TwilioLikeProvider implements Provider {

    private static final List<ConfigKey> KEYS = List.of(
            key(Direction.OUTBOUND, "url_host", "https://api.twilio.com"),
            key(Direction.OUTBOUND, "url_path", "/2010-04-01/Accounts/{auth_user}/Messages.json"),
            key(Direction.OUTBOUND, "auth_method", "basic"),
            ConfigKey.builder(Direction.OUTBOUND, "status_url").type(ConfigKey.Type.URL)
                    .description("The public URL of this interface's status_path, as Twilio calls it: every message then carries StatusCallback with it, and callbacks are signed over it.").build(),
            key(Direction.INBOUND, "resp_ack", "<Response></Response>"),
            ConfigKey.builder(Direction.INBOUND, "auth_secret").secret(true)
                    .description("Your auth token: when set, a webhook must carry a valid X-Twilio-Signature, else it gets 403.").build(),
            ConfigKey.builder(Direction.INBOUND, "public_url").type(ConfigKey.Type.URL)
                    .description("The webhook URL as Twilio calls it (behind a reverse proxy websms sees another); signatures cover it.").build());

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    @Override
    public String name() {
        return "twilio-like";
    }

    @Override
    public String description() {
        return "Twilio and compatible APIs: Basic auth, /2010-04-01/Accounts/{sid}/Messages.json, TwiML acks.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return new TwilioLikeRequestMapper();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new TwilioLikeResponseChecker();
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return new TwilioSignatureVerifier();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new TwilioLikeWebhookParser();
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return new TwilioStatusParser();
    }
}
