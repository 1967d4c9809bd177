package io.websms.provider.flowroute;

import com.google.auto.service.AutoService;
import io.websms.api.Acknowledger;
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
import io.websms.api.WebhookReply;
import io.websms.api.UrlSecret;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code provider = flowroute}: Flowroute's Messages API v2.1. Sending is a JSON:API POST to
 * {@code https://api.flowroute.com/v2.1/messages} with Basic auth (access key and secret key), read by
 * {@link FlowrouteRequestMapper} and {@link FlowrouteResponseChecker}; with {@code status_url} set, each message asks
 * for delivery receipts there ({@link FlowrouteStatusParser}). Incoming SMS and MMS come in Flowroute's v2.1 shape or
 * its older flat one ({@link FlowrouteWebhookParser}) and are answered {@code 200} with an empty body: Flowroute sends
 * again whatever does not get 200, a {@code 204} included. Flowroute signs nothing: a {@code secret} in the URLs it calls
 * ({@link io.websms.api.UrlSecret}) and the address allow-lists keep strangers out.
 */
@AutoService(Provider.class)
public final class FlowrouteProvider implements Provider {

    private static final List<ConfigKey> KEYS = List.of(
            key(Direction.OUTBOUND, "url_host", "https://api.flowroute.com"),
            key(Direction.OUTBOUND, "url_path", "/v2.1/messages"),
            key(Direction.OUTBOUND, "auth_method", "basic"),
            ConfigKey.builder(Direction.OUTBOUND, "status_url").type(ConfigKey.Type.URL)
                    .description("The public URL of this interface's status_path, as Flowroute calls it: every message then carries it as dlr_callback, and Flowroute posts its delivery receipts there.").build(),
            ConfigKey.builder(Direction.OUTBOUND, "status_secret").secret(true)
                    .description("A random value websms adds to dlr_callback as secret=…: a delivery receipt without it gets 403 (Flowroute signs nothing).").build(),
            ConfigKey.builder(Direction.INBOUND, "auth_secret").secret(true)
                    .description("A random value you add to the SMS and MMS callback URLs in Flowroute's portal as ?secret=…: a callback without it gets 403 (Flowroute signs nothing).").build());

    /** Flowroute's field names and acknowledgement are its own: of websms's mapping keys only the URL's are read. */
    private static final Set<String> OUTBOUND_KEYS_READ = Set.of("url_host", "url_path", MediaFromBody.KEY);

    /** Flowroute resends a callback that does not get 200 (a 204 included), four times, 30 seconds apart. */
    private static final WebhookReply OK = WebhookReply.text("");

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    @Override
    public String name() {
        return "flowroute";
    }

    @Override
    public String description() {
        return "Flowroute (flowroute.com) Messages v2.1: JSON:API POST with Basic auth, SMS and MMS callbacks, delivery receipts.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

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
            problems.add(ConfigProblem.warning("status_url", "status_path is set, but Flowroute posts delivery receipts only to the dlr_callback a message "
                    + "carries, which websms takes from status_url", "set status_url to the public URL of status_path, e.g. https://pbx.example.com/status/flowroute"));
        }
        if (config.isSet("status_secret")) {
            problems.add(ConfigProblem.warning("status_secret", "status_secret is set, but without status_url no message asks for delivery receipts",
                    "set status_url to the public URL of status_path, or remove status_secret"));
        }
        return problems;
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return new FlowrouteRequestMapper();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new FlowrouteResponseChecker();
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return UrlSecret.inWebhooksAndStatusCallbacks();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new FlowrouteWebhookParser();
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return new FlowrouteStatusParser();
    }

    /** 200 with an empty body, whatever resp_ack says, for a stored message and for a callback without one alike. */
    @Override
    public Acknowledger acknowledger(InterfaceConfig config) {
        return new Acknowledger() {
            @Override
            public WebhookReply ack(io.websms.api.Message message, InterfaceConfig interfaceConfig) {
                return OK;
            }

            @Override
            public WebhookReply ackIgnored(InterfaceConfig interfaceConfig) {
                return OK;
            }
        };
    }
}
