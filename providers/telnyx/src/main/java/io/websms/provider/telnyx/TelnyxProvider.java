package io.websms.provider.telnyx;

import com.google.auto.service.AutoService;
import io.websms.api.Acknowledger;
import io.websms.api.AuthScheme;
import io.websms.api.ConfigKey;
import io.websms.api.ConfigProblem;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.Provider;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SignatureVerifier;
import io.websms.api.StatusParser;
import io.websms.api.WebhookParser;
import io.websms.api.WebhookReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code provider = telnyx}: Telnyx's Messaging API v2. Sending is a JSON POST of {@code from}, {@code to} and
 * {@code text} to {@code https://api.telnyx.com/v2/messages} with {@code Authorization: Bearer <API key>}; the
 * reply's {@code data.id} is the message id. Telnyx posts JSON events to one URL: {@code message.received} is an
 * incoming message, any other event there is acknowledged and ignored. With {@code status_url} set, each message
 * asks for its {@code message.sent} and {@code message.finalized} events there ({@code webhook_url}), read by
 * {@link TelnyxStatusParser}. Every event is signed with Ed25519 over {@code timestamp|body}, checked with the
 * account's {@code public_key}.
 */
@AutoService(Provider.class)
public final class TelnyxProvider implements Provider {

    private static final String PUBLIC_KEY_TEXT = "Your account's public key, base64 (Mission Control: Keys & Credentials > Public Key):"
            + " when set, ";

    private static final List<ConfigKey> KEYS = List.of(
            key(Direction.OUTBOUND, "url_host", "https://api.telnyx.com"),
            key(Direction.OUTBOUND, "url_path", "/v2/messages"),
            ConfigKey.builder(Direction.OUTBOUND, "messaging_profile_id")
                    .description("The messaging profile to send with, sent when set: Telnyx needs it for an alphanumeric sender ID or a number pool.").build(),
            ConfigKey.builder(Direction.OUTBOUND, "status_url").type(ConfigKey.Type.URL)
                    .description("The public URL of this interface's status_path: every message then carries it as webhook_url, and Telnyx posts its delivery events there.").build(),
            ConfigKey.builder(Direction.OUTBOUND, "public_key")
                    .description(PUBLIC_KEY_TEXT + "a delivery event without a valid telnyx-signature-ed25519 gets 403.").build(),
            ConfigKey.builder(Direction.INBOUND, "public_key")
                    .description(PUBLIC_KEY_TEXT + "a webhook without a valid telnyx-signature-ed25519 gets 403.").build());

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    @Override
    public String name() {
        return "telnyx";
    }

    @Override
    public String description() {
        return "Telnyx Messaging API v2: JSON with a Bearer API key, Ed25519-signed webhooks and delivery events.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        String publicKey = config.value("public_key").strip();
        boolean outbound = config.direction() == Direction.OUTBOUND;
        if (!publicKey.isEmpty() && TelnyxSignatureVerifier.publicKey(publicKey) == null) {
            problems.add(ConfigProblem.error("public_key", "public_key is not a base64 Ed25519 public key (32 bytes)",
                    "copy the Public Key from Mission Control: Keys & Credentials, as shown there"));
        } else if (publicKey.isEmpty() && (!outbound || config.isSet("status_path"))) {
            problems.add(ConfigProblem.warning("public_key", outbound
                            ? "without public_key, anyone who can reach status_path can post delivery events"
                            : "without public_key, anyone who can reach the webhook can post messages to your phones",
                    "set public_key to your account's Public Key (Mission Control: Keys & Credentials)"));
        }
        if (outbound && config.isSet("status_url") && !config.isSet("status_path")) {
            problems.add(ConfigProblem.warning("status_url", "status_url asks Telnyx for delivery events, but no status_path serves them",
                    "set status_path to the path of status_url"));
        }
        return problems;
    }

    @Override
    public Set<String> coreKeysRead(Direction direction) {
        // The JSON fields, the number format and the acknowledgement are Telnyx's own: only the URL can be changed.
        return direction == Direction.OUTBOUND ? Set.of("url_host", "url_path") : Set.of();
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return new TelnyxRequestMapper();
    }

    @Override
    public AuthScheme authScheme(InterfaceConfig config) {
        return new TelnyxAuth();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new TelnyxResponseChecker();
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return new TelnyxSignatureVerifier();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new TelnyxWebhookParser();
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return new TelnyxStatusParser();
    }

    /** Telnyx takes an HTTP 200 as delivered and tries its failover URL after anything else, so every answer is a 200. */
    @Override
    public Acknowledger acknowledger(InterfaceConfig config) {
        return new Acknowledger() {
            @Override
            public WebhookReply ack(io.websms.api.Message message, InterfaceConfig interfaceConfig) {
                return WebhookReply.text("");
            }

            @Override
            public WebhookReply ackIgnored(InterfaceConfig interfaceConfig) {
                return WebhookReply.text("");
            }
        };
    }
}
