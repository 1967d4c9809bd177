package io.websms.provider.twiliolike;

import com.google.auto.service.AutoService;
import io.websms.api.ConfigKey;
import io.websms.api.ConfigProblem;
import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.Provider;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SignatureVerifier;
import io.websms.api.StatusParser;
import io.websms.api.WebhookParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code provider = signalwire}: SignalWire's Compatibility API (cXML, formerly LaML), which copies Twilio's: the same
 * form POST of {@code To}, {@code From}, {@code Body} (and {@code MediaUrl}) with Basic auth (project ID and API token),
 * to {@code https://<space>.signalwire.com/api/laml/2010-04-01/Accounts/<project>/Messages.json}; the same webhooks,
 * answered with an empty cXML {@code <Response></Response>}; the same status callbacks. What differs is taken here:
 * the host is the project's Space ({@code space_url}); webhooks and status callbacks carry
 * {@code X-SignalWire-Signature} (and the same value as {@code X-Twilio-Signature}), computed as Twilio's but with the
 * project's Signing Key, not the API token ({@link TwilioSignatureVerifier#signalWire()}); a message may be
 * {@code initiated}. It lives beside {@link TwilioLikeProvider} so that it uses the same classes, which stay private
 * to this module.
 */
@AutoService(Provider.class)
public final class SignalWireProvider implements Provider {

    /** The statuses of a message SignalWire took: Twilio's, and {@code initiated} (its delivery has started). */
    private static final Set<String> ACCEPTED = union(TwilioLikeResponseChecker.ACCEPTED, Set.of("initiated"));

    /** Twilio's status words, and SignalWire's {@code initiated}: on its way, not yet sent. */
    static final Map<String, DeliveryStatus> WORDS = words();

    private static final List<ConfigKey> KEYS = List.of(
            ConfigKey.builder(Direction.OUTBOUND, "space_url")
                    .description("Your SignalWire Space URL, as the API page of your project shows it: example.signalwire.com (or just example); messages go to https://<it>/api/laml/…, unless url_host is set.").build(),
            // Empty: the host comes from space_url; set it only for another host (a proxy, a test server).
            ConfigKey.builder(Direction.OUTBOUND, "url_host").type(ConfigKey.Type.URL)
                    .description("Scheme and host of SignalWire's API when it is not https://<space_url>; empty takes space_url.").build(),
            key(Direction.OUTBOUND, "url_path", "/api/laml/2010-04-01/Accounts/{auth_user}/Messages.json"),
            key(Direction.OUTBOUND, "auth_method", "basic"),
            ConfigKey.builder(Direction.OUTBOUND, "status_url").type(ConfigKey.Type.URL)
                    .description("The public URL of this interface's status_path, as SignalWire calls it: every message then carries StatusCallback with it, and callbacks are signed over it.").build(),
            ConfigKey.builder(Direction.OUTBOUND, "signing_key").secret(true)
                    .description("Your project's Signing Key (SignalWire: API page), which signs status callbacks; when set, a callback without a valid X-SignalWire-Signature gets 403.").build(),
            key(Direction.INBOUND, "resp_ack", "<Response></Response>"),
            ConfigKey.builder(Direction.INBOUND, "auth_secret").secret(true)
                    .description("Your project's Signing Key (SignalWire: API page; not the API token): when set, a webhook must carry a valid X-SignalWire-Signature, else it gets 403.").build(),
            ConfigKey.builder(Direction.INBOUND, "public_url").type(ConfigKey.Type.URL)
                    .description("The webhook URL as SignalWire calls it (behind a reverse proxy websms sees another); signatures cover it.").build());

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static Map<String, DeliveryStatus> words() {
        Map<String, DeliveryStatus> words = new HashMap<>(TwilioStatusParser.WORDS);
        words.put("initiated", DeliveryStatus.QUEUED);
        return Map.copyOf(words);
    }

    @Override
    public String name() {
        return "signalwire";
    }

    @Override
    public String description() {
        return "SignalWire's Compatibility API (Twilio's, on your Space): Basic auth, TwiML/cXML acks, X-SignalWire-Signature with the Signing Key.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        if (config.direction() != Direction.OUTBOUND) {
            return List.of();
        }
        List<ConfigProblem> problems = new ArrayList<>();
        if (!config.isSet("url_host")) {
            String space = config.value("space_url");
            if (space.isEmpty()) {
                problems.add(ConfigProblem.error("space_url", "no SignalWire Space to send to: space_url and url_host are both empty",
                        "set space_url to the Space URL of your project's API page, e.g. space_url = example.signalwire.com"));
            } else if (host(space) == null) {
                problems.add(ConfigProblem.error("space_url", "'" + space + "' is no Space URL (a host name such as example.signalwire.com)",
                        "set space_url to the Space URL of your project's API page, e.g. space_url = example.signalwire.com"));
            }
        }
        if (config.isSet("status_path") && !config.isSet("signing_key")) {
            problems.add(ConfigProblem.warning("signing_key", "status_path is set, but without signing_key status callbacks are taken unsigned: anyone who "
                    + "can reach status_path can change what websms records", "set signing_key to your project's Signing Key (SignalWire: API page)"));
        }
        return problems;
    }

    /**
     * The host of Space URL {@code space}: {@code example.signalwire.com} as written (a scheme and a final {@code /}
     * dropped), {@code example} completed to {@code example.signalwire.com}; null when it is no host name.
     */
    static String host(String space) {
        String host = space.strip().replaceFirst("(?i)^https?://", "");
        if (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!host.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            return null;
        }
        return (host.contains(".") ? host : host + ".signalwire.com").toLowerCase(Locale.ROOT);
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        RequestMapper twilio = new TwilioLikeRequestMapper();
        return (message, iface) -> {
            if (iface.isSet("url_host")) {
                return twilio.map(message, iface);
            }
            String host = host(iface.value("space_url"));
            if (host == null) {
                throw new io.websms.api.InvalidMessageException("space_url", "'" + iface.value("space_url") + "' is no SignalWire Space URL; set space_url");
            }
            return twilio.map(message, iface.with("url_host", "https://" + host));
        };
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new TwilioLikeResponseChecker(ACCEPTED);
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return TwilioSignatureVerifier.signalWire();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new TwilioLikeWebhookParser();
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return new TwilioStatusParser(WORDS);
    }
}
