package io.websms.provider.elks46;

import com.google.auto.service.AutoService;
import io.websms.api.Acknowledger;
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
import io.websms.api.UrlSecret;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code provider = 46elks}: the SMS API of 46elks (46elks.com). Sending is a form POST of {@code to}, {@code from}
 * and {@code message} with Basic auth (API username and password) to {@code https://api.46elks.com/a1/sms}; with
 * {@code status_url} set, each message carries it as {@code whendelivered}, and 46elks posts its delivery reports
 * there ({@link Elks46StatusParser}). Incoming SMS (and MMS, with their {@code image} links) are form posts of
 * {@code id}, {@code from}, {@code to}, {@code message}; they are answered {@code 204 No Content}, because 46elks
 * sends any text in the answer back to the sender as an SMS. 46elks signs nothing: a {@code secret} in the URLs it
 * calls ({@link io.websms.api.UrlSecret}) and the address allow-lists keep strangers out.
 */
@AutoService(Provider.class)
public final class Elks46Provider implements Provider {

    private static final List<ConfigKey> KEYS = List.of(
            key(Direction.OUTBOUND, "url_host", "https://api.46elks.com"),
            key(Direction.OUTBOUND, "url_path", "/a1/sms"),
            key(Direction.OUTBOUND, "auth_method", "basic"),
            ConfigKey.builder(Direction.OUTBOUND, "status_url").type(ConfigKey.Type.URL)
                    .description("The public URL of this interface's status_path, as 46elks calls it: every message then carries it as whendelivered, and 46elks posts its delivery reports there.").build(),
            ConfigKey.builder(Direction.OUTBOUND, "status_secret").secret(true)
                    .description("A random value websms adds to whendelivered as secret=…: a delivery report without it gets 403 (46elks signs nothing).").build(),
            ConfigKey.builder(Direction.INBOUND, "auth_secret").secret(true)
                    .description("A random value you add to the sms_url of your 46elks number as ?secret=…: a webhook without it gets 403 (46elks signs nothing).").build());

    private static final Set<String> OUTBOUND_KEYS_READ = Set.of("url_host", "url_path");

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    @Override
    public String name() {
        return "46elks";
    }

    @Override
    public String description() {
        return "46elks (46elks.com): form POST to /a1/sms with Basic auth, whendelivered reports, empty (204) acks.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    /** The field names are 46elks's own; the acknowledgement is always empty, whatever resp_ack says. */
    @Override
    public Set<String> coreKeysRead(Direction direction) {
        return direction == Direction.OUTBOUND ? OUTBOUND_KEYS_READ : Set.of();
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        if (config.direction() != Direction.OUTBOUND || config.isSet("status_url")) {
            return List.of();
        }
        List<ConfigProblem> problems = new ArrayList<>();
        if (config.isSet("status_path")) {
            problems.add(ConfigProblem.warning("status_url", "status_path is set, but 46elks posts delivery reports only to the whendelivered URL a message "
                    + "carries, which websms takes from status_url", "set status_url to the public URL of status_path, e.g. https://pbx.example.com/status/46elks"));
        }
        if (config.isSet("status_secret")) {
            problems.add(ConfigProblem.warning("status_secret", "status_secret is set, but without status_url no message asks for delivery reports",
                    "set status_url to the public URL of status_path, or remove status_secret"));
        }
        return problems;
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return new Elks46RequestMapper();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new Elks46ResponseChecker();
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return UrlSecret.inWebhooksAndStatusCallbacks();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new Elks46WebhookParser();
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return new Elks46StatusParser();
    }

    /** Empty, always: 46elks sends any text in the answer to an incoming SMS back to its sender as a reply SMS. */
    @Override
    public Acknowledger acknowledger(InterfaceConfig config) {
        return (message, interfaceConfig) -> WebhookReply.noContent();
    }
}
