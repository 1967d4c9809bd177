package io.websms.provider.vonage;

import com.google.auto.service.AutoService;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code provider = vonage}: Vonage's SMS API (formerly Nexmo). Sending is a form POST of {@code from}, {@code to} and
 * {@code text} with {@code api_key} and {@code api_secret} (or a {@code sig}) to {@code https://rest.nexmo.com/sms/json};
 * Vonage answers 200 even when it refuses, with a {@code status} per part ({@link VonageResponseChecker}). Inbound SMS
 * ({@link VonageWebhookParser}) and delivery receipts ({@link VonageStatusParser}) come as GET, form or JSON calls,
 * signed with the {@code sig} parameter when the account asks for it ({@link VonageSignatureVerifier}).
 */
@AutoService(Provider.class)
public final class VonageProvider implements Provider {

    private static final List<ConfigKey> KEYS = List.of(
            key(Direction.OUTBOUND, "url_host", "https://rest.nexmo.com"),
            key(Direction.OUTBOUND, "url_path", "/sms/json"),
            ConfigKey.builder(Direction.OUTBOUND, "status_url").type(ConfigKey.Type.URL)
                    .description("The public URL of this interface's status_path, as Vonage calls it: every message then carries it as callback, and its delivery receipts go there rather than to the dashboard's URL.").build(),
            secret(Direction.OUTBOUND, "Your Vonage signature secret: delivery receipts must then carry a valid sig (else 403); with auth_secret empty, messages are sent signed with it."),
            method(Direction.OUTBOUND),
            secret(Direction.INBOUND, "Your Vonage signature secret: when set, an inbound SMS must carry a valid sig and a timestamp within 5 minutes, else it gets 403."),
            method(Direction.INBOUND));

    private static final Set<String> OUTBOUND_KEYS_READ = Set.of("url_host", "url_path");
    private static final Set<String> INBOUND_KEYS_READ = Set.of("resp_ack");

    private static ConfigKey key(Direction direction, String name, String defaultValue) {
        return ConfigKey.builder(direction, name).defaultValue(defaultValue).build();
    }

    private static ConfigKey secret(Direction direction, String description) {
        return ConfigKey.builder(direction, VonageSigning.SECRET_KEY).secret(true).description(description).build();
    }

    private static ConfigKey method(Direction direction) {
        return ConfigKey.builder(direction, VonageSigning.METHOD_KEY).defaultValue(VonageSigning.Method.MD5HASH.wireName())
                .description("How Vonage signs, as chosen in its dashboard: md5hash (MD5 hash, Vonage's default), md5 (MD5 HMAC), sha1, sha256 or sha512 (HMAC).").build();
    }

    @Override
    public String name() {
        return "vonage";
    }

    @Override
    public String description() {
        return "Vonage SMS API (formerly Nexmo): form POST to rest.nexmo.com/sms/json, per-message status, sig-signed webhooks.";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    /** Vonage's field names are fixed; of websms's mapping keys only the URL and the ack apply. */
    @Override
    public Set<String> coreKeysRead(Direction direction) {
        return direction == Direction.OUTBOUND ? OUTBOUND_KEYS_READ : INBOUND_KEYS_READ;
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        String method = config.value(VonageSigning.METHOD_KEY);
        if (!method.isEmpty() && VonageSigning.Method.named(method).isEmpty()) {
            problems.add(ConfigProblem.error(VonageSigning.METHOD_KEY, "'" + method + "' is none of Vonage's signing methods",
                    "write signature_method = md5hash, md5, sha1, sha256 or sha512, as chosen in Vonage's dashboard"));
        }
        return problems;
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return new VonageRequestMapper();
    }

    /** api_key with api_secret, or a signed request: Vonage takes nothing else, whatever auth_method says. */
    @Override
    public AuthScheme authScheme(InterfaceConfig config) {
        return new VonageAuth();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return new VonageResponseChecker();
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return new VonageSignatureVerifier();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return new VonageWebhookParser();
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return new VonageStatusParser();
    }
}
