package io.websms.provider.bandwidth;

import com.google.auto.service.AutoService;
import io.websms.api.Acknowledger;
import io.websms.api.ConfigKey;
import io.websms.api.ConfigProblem;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
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
 * {@code provider = bandwidth}: Bandwidth's Messaging API v2. Sending is a JSON POST of {@code to} (a list),
 * {@code from}, {@code text} and {@code applicationId} to
 * {@code https://messaging.bandwidth.com/api/v2/users/{account_id}/messages} with HTTP Basic auth; the 202 reply's
 * {@code id} is the message id. Bandwidth's callbacks are JSON arrays of events: {@code message-received} events,
 * posted to the application's inbound callback URL, are incoming messages (all of one call stored before the single
 * answer); {@code message-sending}, {@code message-delivered} and {@code message-failed}, posted to its status
 * (outbound) callback URL, are read by {@link BandwidthStatusParser}. Bandwidth signs nothing: it sends the HTTP
 * Basic credentials configured on the application, checked by {@link CallbackCredentials}.
 */
@AutoService(Provider.class)
public final class BandwidthProvider implements Provider {

    private static final String CREDENTIALS = " (the application's %s, in the Bandwidth App or its API as %s): when set with callback_secret, a %s"
            + " without these HTTP Basic credentials gets 403.";

    private static final List<ConfigKey> KEYS = List.of(
            key(Direction.OUTBOUND, "url_host", "https://messaging.bandwidth.com"),
            key(Direction.OUTBOUND, "url_path", "/api/v2/users/{account_id}/messages"),
            ConfigKey.builder(Direction.OUTBOUND, "account_id")
                    .description("Your Bandwidth account id, which the API's URL holds ({account_id} in url_path).").build(),
            ConfigKey.builder(Direction.OUTBOUND, "application_id")
                    .description("The id of the messaging application your sending numbers belong to: every message carries it as applicationId.").build(),
            ConfigKey.builder(Direction.OUTBOUND, "callback_user")
                    .description("The user name of the status callbacks" + CREDENTIALS.formatted("Status Callback credentials", "OutboundCallbackCreds", "status callback")).build(),
            ConfigKey.builder(Direction.OUTBOUND, "callback_secret").secret(true)
                    .description("The password of the status callbacks (OutboundCallbackCreds).").build(),
            ConfigKey.builder(Direction.INBOUND, "callback_user")
                    .description("The user name of the inbound callbacks" + CREDENTIALS.formatted("Inbound Callback credentials", "InboundCallbackCreds", "webhook")).build(),
            ConfigKey.builder(Direction.INBOUND, "callback_secret").secret(true)
                    .description("The password of the inbound callbacks (InboundCallbackCreds).").build());

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    @Override
    public String name() {
        return "bandwidth";
    }

    @Override
    public String description() {
        return "Bandwidth Messaging API v2: JSON with HTTP Basic auth, JSON-array callbacks with Basic credentials.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        boolean outbound = config.direction() == Direction.OUTBOUND;
        if (outbound) {
            String account = config.value("account_id").strip();
            if (account.isEmpty() && config.value("url_path").contains("{account_id}")) {
                problems.add(ConfigProblem.error("account_id", "Bandwidth's API URL holds your account id, and account_id is not set",
                        "set account_id to your account id (the Bandwidth App shows it at the top right)"));
            } else if (!account.isEmpty() && !account.matches("[A-Za-z0-9_-]{1,64}")) {
                problems.add(ConfigProblem.error("account_id", "account_id holds characters an account id does not have",
                        "set account_id to your account id: digits, as the Bandwidth App shows it"));
            }
            if (config.value("application_id").isBlank()) {
                problems.add(ConfigProblem.error("application_id", "Bandwidth needs the messaging application of your numbers in every message, and application_id is not set",
                        "set application_id to the id of your messaging application (Bandwidth App: Applications)"));
            }
        }
        boolean user = config.isSet("callback_user");
        boolean secret = config.isSet("callback_secret");
        if (user != secret) {
            problems.add(ConfigProblem.error(user ? "callback_secret" : "callback_user", "callback_user and callback_secret go together: one is set, the other is not",
                    "set both, as the application's callback credentials in Bandwidth say, or neither"));
        } else if (!user && (!outbound || config.isSet("status_path"))) {
            problems.add(ConfigProblem.warning("callback_user", outbound
                            ? "without callback credentials, anyone who can reach status_path can post delivery events"
                            : "without callback credentials, anyone who can reach the webhook can post messages to your phones",
                    "give the application " + (outbound ? "Status" : "Inbound") + " Callback credentials in Bandwidth, and the same callback_user and callback_secret here"));
        }
        return problems;
    }

    @Override
    public Set<String> coreKeysRead(Direction direction) {
        // The JSON fields, the number format and the acknowledgement are Bandwidth's own: only the URL can be changed.
        return direction == Direction.OUTBOUND ? Set.of("url_host", "url_path") : Set.of();
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return new BandwidthRequestMapper();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new BandwidthResponseChecker();
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return new CallbackCredentials();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new BandwidthWebhookParser();
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return new BandwidthStatusParser();
    }

    /** Bandwidth takes any 2xx, and reads nothing in it: {@code 204 No Content}, for stored and ignored calls alike. */
    @Override
    public Acknowledger acknowledger(InterfaceConfig config) {
        return (Message message, InterfaceConfig interfaceConfig) -> WebhookReply.noContent();
    }
}
