package io.websms.provider.generic;

import com.google.auto.service.AutoService;
import io.websms.api.ConfigKey;
import io.websms.api.ConfigProblem;
import io.websms.api.EchoHandler;
import io.websms.api.InterfaceConfig;
import io.websms.api.Provider;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SignatureVerifier;
import io.websms.api.StatusParser;
import io.websms.api.WebhookParser;

import java.util.List;

/**
 * {@code provider = generic}, the default: exactly what the original WebSMS's {@code [websms]} and
 * {@code [websmsd]} keys describe, for any ITSP whose API fits them. The only keys it adds are those of status
 * callbacks ({@link GenericStatusParser}), which the original did not have.
 */
@AutoService(Provider.class)
public final class GenericProvider implements Provider {

    private static final RequestMapper MAPPER = new GenericRequestMapper();
    private static final ResponseChecker CHECKER = new GenericResponseChecker();
    private static final WebhookParser PARSER = new GenericWebhookParser();
    private static final EchoHandler ECHO = new QueryEchoHandler();
    private static final StatusParser STATUS = new GenericStatusParser();

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public String description() {
        return "Any HTTP SMS API that the original WebSMS keys describe (form POST, field names, basic/plain auth).";
    }

    /**
     * The keys of websms that only a provider interprets which the generic pieces read when sending: all but
     * {@code media_from_body}, since a generic request carries no media (its text goes unchanged).
     */
    public static final java.util.Set<String> OUTBOUND_KEYS_READ = java.util.Set.of("url_host", "url_path", "url_method", "key_to", "key_from",
            "key_body", "key_id", "key_user", "key_secret", "resp_check", "val_numform", "val_static", "val_unicode", "body_format");

    private static final SignatureVerifier SIGNATURE = new ContractSignature();
    private static final List<ConfigKey> KEYS = java.util.stream.Stream.concat(GenericStatusParser.KEYS.stream(),
            java.util.stream.Stream.of(ContractSignature.KEY)).toList();

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return SIGNATURE;
    }

    @Override
    public java.util.Set<String> coreKeysRead(io.websms.api.Direction direction) {
        return direction == io.websms.api.Direction.OUTBOUND ? OUTBOUND_KEYS_READ : null;
    }

    @Override
    public List<ConfigProblem> check(InterfaceConfig config) {
        return GenericStatusParser.check(config);
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return MAPPER;
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return CHECKER;
    }

    @Override
    public EchoHandler echoHandler(InterfaceConfig config) {
        return ECHO;
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return PARSER;
    }

    @Override
    public StatusParser statusParser(InterfaceConfig config) {
        return STATUS;
    }
}
