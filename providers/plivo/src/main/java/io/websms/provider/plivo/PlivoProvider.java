package io.websms.provider.plivo;

import com.google.auto.service.AutoService;
import io.websms.api.AuthScheme;
import io.websms.api.ConfigKey;
import io.websms.api.ConfigProblem;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.MediaFromBody;
import io.websms.api.Provider;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SignatureVerifier;
import io.websms.api.StatusParser;
import io.websms.api.WebhookParser;
import io.websms.api.auth.BasicAuth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code provider = plivo}: Plivo's Message API. Sending is a JSON POST of {@code src}, {@code dst} and {@code text}
 * (an MMS with {@code media_urls}) with Basic auth (Auth ID and Auth Token) to
 * {@code /v1/Account/{auth_id}/Message/}; with {@code status_url} set, each message carries it as {@code url}, and
 * Plivo posts the message's status callbacks there ({@link PlivoStatusParser}). Incoming SMS and MMS are form posts
 * to the application's {@code message_url} ({@link PlivoWebhookParser}), answered with an empty Plivo XML
 * {@code <Response></Response>}. Plivo signs both kinds of calls with the Auth Token ({@link PlivoSignatureVerifier}).
 */
@AutoService(Provider.class)
public final class PlivoProvider implements Provider {

    private static final List<ConfigKey> KEYS = List.of(
            key(Direction.OUTBOUND, "url_host", "https://api.plivo.com"),
            key(Direction.OUTBOUND, "url_path", "/v1/Account/{auth_user}/Message/"),
            ConfigKey.builder(Direction.OUTBOUND, "status_url").type(ConfigKey.Type.URL)
                    .description("The public URL of this interface's status_path, as Plivo calls it: every message then carries it as url, and Plivo's status callbacks are signed over it.").build(),
            requireV3(Direction.OUTBOUND, "status callback"),
            key(Direction.INBOUND, "resp_ack", "<Response></Response>"),
            ConfigKey.builder(Direction.INBOUND, "auth_secret").secret(true)
                    .description("Your Plivo Auth Token: when set, a webhook must carry a valid X-Plivo-Signature-V3 (or V2), else it gets 403.").build(),
            ConfigKey.builder(Direction.INBOUND, "public_url").type(ConfigKey.Type.URL)
                    .description("The message URL as Plivo calls it (behind a reverse proxy websms sees another); signatures cover it.").build(),
            requireV3(Direction.INBOUND, "webhook"));

    private static final Set<String> OUTBOUND_KEYS_READ = Set.of("url_host", "url_path", MediaFromBody.KEY);
    private static final Set<String> INBOUND_KEYS_READ = Set.of("resp_ack");

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    private static ConfigKey requireV3(Direction direction, String what) {
        return ConfigKey.builder(direction, PlivoSignatureVerifier.REQUIRE_V3).type(ConfigKey.Type.BOOLEAN).defaultValue("no")
                .description("yes refuses (403) a " + what + " signed with X-Plivo-Signature-V2 alone, which covers the URL and nonce but not the posted fields.").build();
    }

    @Override
    public String name() {
        return "plivo";
    }

    @Override
    public String description() {
        return "Plivo (plivo.com): JSON POST to /v1/Account/{auth_id}/Message/ with Basic auth, signed (V3/V2) callbacks.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    /** Plivo's field names are fixed; of websms's mapping keys only the URL and the ack apply. */
    @Override
    public Set<String> coreKeysRead(Direction direction) {
        return direction == Direction.OUTBOUND ? OUTBOUND_KEYS_READ : INBOUND_KEYS_READ;
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (config.direction() == Direction.OUTBOUND) {
            if (config.value("url_path").contains("{auth_user}") && !config.isSet("auth_user")) {
                problems.add(ConfigProblem.error("auth_user", "Plivo's URL holds your Auth ID, and auth_user is not set",
                        "set auth_user to the Auth ID of your Plivo console (MA… or SA…), and auth_secret to its Auth Token"));
            }
            if (config.isSet("status_path") && !config.isSet("status_url")) {
                problems.add(ConfigProblem.warning("status_url", "status_path is set, but Plivo posts status callbacks only to the url a message "
                        + "carries, which websms takes from status_url", "set status_url to the public URL of status_path, e.g. https://pbx.example.com/status/plivo"));
            }
        }
        if (config.flag(PlivoSignatureVerifier.REQUIRE_V3) && !config.isSet("auth_secret")) {
            problems.add(ConfigProblem.warning(PlivoSignatureVerifier.REQUIRE_V3, "require_v3 is set, but without auth_secret no signature is checked at all",
                    "set auth_secret to your Plivo Auth Token"));
        }
        return problems;
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return new PlivoRequestMapper();
    }

    /** Plivo takes Basic auth only (Auth ID and Auth Token), whatever auth_method says. */
    @Override
    public AuthScheme authScheme(InterfaceConfig config) {
        return new BasicAuth();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new PlivoResponseChecker();
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return new PlivoSignatureVerifier();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new PlivoWebhookParser();
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return new PlivoStatusParser();
    }
}
