package com.example.acme;

import com.google.auto.service.AutoService;
import io.websms.api.ConfigKey;
import io.websms.api.Direction;
import io.websms.api.EchoHandler;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.JsonException;
import io.websms.api.JsonView;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.Provider;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;
import io.websms.api.SignatureVerifier;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;
import io.websms.api.WebhookReply;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code provider = acme}: the (fictional) Acme SMS API. Sending is a JSON POST of {@code to}, {@code from} and
 * {@code text} to {@code url_host + /v1/messages} with the API key in {@code X-Acme-Key}; a 202 with an {@code id}
 * is success. Webhooks are JSON objects with the same fields and an {@code id}, signed with a timestamp (see
 * {@link AcmeSignature}); the handshake is {@code GET ?challenge=X}, answered with {@code X}. JSON is read with the
 * api's {@link JsonView} ({@code request.json()}, {@code response.json()}), so the plugin brings no JSON library.
 */
@AutoService(Provider.class)
public final class AcmeProvider implements Provider {

    @Override
    public String name() {
        return "acme";
    }

    @Override
    public String description() {
        return "Acme SMS API v1 (an example plugin): JSON messages, X-Acme-Key, signed JSON webhooks.";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(
                ConfigKey.builder(Direction.OUTBOUND, "url_host").type(ConfigKey.Type.URL).defaultValue("https://api.acme.example").build(),
                ConfigKey.builder(Direction.OUTBOUND, "auth_method").defaultValue("none").build(),
                ConfigKey.builder(Direction.INBOUND, "auth_secret").secret(true)
                        .description("The webhook signing key: a webhook without a valid X-Acme-Signature gets 403.").build());
    }

    /** Of websms's mapping keys, only these: the API's own JSON names the fields and its URL is fixed below url_host. */
    @Override
    public java.util.Set<String> coreKeysRead(Direction direction) {
        return direction == Direction.OUTBOUND ? java.util.Set.of("url_host", "val_unicode") : java.util.Set.of();
    }

    @Override
    public RequestMapper requestMapper(InterfaceConfig config) {
        return AcmeProvider::map;
    }

    private static OutboundRequest map(Message message, InterfaceConfig config) throws InvalidMessageException {
        for (String[] number : new String[][] {{"to", message.to()}, {"from", message.from()}}) {
            if (!PhoneNumbers.isNumber(number[1])) {
                throw new InvalidMessageException(number[0], "'" + number[1] + "' is not a phone number");
            }
        }
        String text = message.body();
        if (config.value("val_unicode").equalsIgnoreCase("UCS-2")) {
            StringBuilder out = new StringBuilder();
            text.codePoints().forEach(cp -> out.append(Character.isSupplementaryCodePoint(cp) ? '\uFFFD' : (char) cp));
            text = out.toString();
        }
        OutboundRequest.Builder request = OutboundRequest.builder(URI.create(config.value("url_host") + "/v1/messages"))
                .format(OutboundRequest.Format.JSON)
                .header("X-Acme-Key", config.value("auth_secret"))
                .field("to", message.to()).field("from", message.from()).field("text", text);
        String flag = config.value("val_unicode");
        if (flag.indexOf('=') > 0 && message.body().codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
            request.field(flag.substring(0, flag.indexOf('=')), flag.substring(flag.indexOf('=') + 1));
        }
        return request.build();
    }

    @Override
    public ResponseChecker responseChecker(InterfaceConfig config) {
        return (response, c) -> {
            int status = response.status();
            if (status == 429 || status >= 500) {
                return SendResult.failed(status, "Acme answered " + status);
            }
            if (!response.isSuccessful()) {
                return SendResult.rejected(status, "Acme refused the message: HTTP " + status);
            }
            try {
                return response.json().get("id").text().map(id -> SendResult.sent(status, id))
                        .orElseGet(() -> SendResult.rejected(status, "Acme's reply has no message id"));
            } catch (JsonException e) {
                // A proxy's HTML page, say: Acme did not take the message.
                return SendResult.rejected(status, "Acme's reply is not JSON: " + e.getMessage());
            }
        };
    }

    @Override
    public EchoHandler echoHandler(InterfaceConfig config) {
        return (request, c) -> Optional.ofNullable(request.query().get("challenge")).map(v -> WebhookReply.text(v.get(0)));
    }

    @Override
    public SignatureVerifier signatureVerifier(InterfaceConfig config) {
        return new AcmeSignature();
    }

    @Override
    public WebhookParser webhookParser(InterfaceConfig config) {
        return (request, c) -> {
            JsonView hook = request.json(); // a body that is not JSON is a 400 naming it
            String to = hook.get("to").text().orElseThrow(() -> WebhookException.badRequest("to", "missing"));
            String from = hook.get("from").text().orElseThrow(() -> WebhookException.badRequest("from", "missing"));
            if (!PhoneNumbers.isNumber(to) || !PhoneNumbers.isNumber(from)) {
                throw WebhookException.badRequest("to/from", "not a phone number");
            }
            return Message.builder().to(to).from(from).body(hook.get("text").text().orElse("")).id(hook.get("id").text().orElse(null)).build();
        };
    }

    @Override
    public io.websms.api.Acknowledger acknowledger(InterfaceConfig config) {
        return (message, c) -> new WebhookReply(200, "application/json", "{\"received\":true}");
    }
}
