package io.websms.provider.generic;

import io.websms.api.EchoHandler;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.WebhookReply;

import java.util.List;
import java.util.Optional;

/**
 * The original's echo: when {@code key_echo} is set and the query string has that parameter, the answer is exactly
 * its value, as plain text, whatever the method.
 */
public final class QueryEchoHandler implements EchoHandler {

    @Override
    public Optional<WebhookReply> echo(InboundRequest request, InterfaceConfig config) {
        String key = config.value("key_echo");
        if (key.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = request.query().get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(WebhookReply.text(values.get(0)));
    }
}
