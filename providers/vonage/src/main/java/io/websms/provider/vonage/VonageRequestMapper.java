package io.websms.provider.vonage;

import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.RequestMapper;

import java.net.URI;

/**
 * Vonage's SMS API request: a form POST to {@code url_host + url_path} ({@code https://rest.nexmo.com/sms/json}) of
 * {@code from}, {@code to} and {@code text}, with {@code type=unicode} when the text has a character outside the GSM
 * alphabet (else Vonage sends it as {@code text} and replaces such characters), {@code callback} with
 * {@code status_url} (delivery receipts go there instead of the dashboard's URL) and {@code client-ref} with
 * websms's id of the message (Vonage repeats it in the receipts). Credentials are added by {@link VonageAuth}.
 * Numbers go as Vonage asks, with the country code and without {@code +} or {@code 00}; a sender that is no number goes
 * as it is (an alphanumeric sender ID). The SMS API sends text only: the URLs of a message's media go after the text,
 * one per line, unless the text has them already.
 */
final class VonageRequestMapper implements RequestMapper {

    /** Longest client-ref Vonage takes. */
    private static final int MAX_CLIENT_REF = 100;

    @Override
    public OutboundRequest map(Message message, InterfaceConfig config) throws InvalidMessageException {
        String to = PhoneNumbers.internationalDigits("to", message.to());
        String from = PhoneNumbers.internationalDigitsOrSenderId(message.from());
        StringBuilder text = new StringBuilder(message.body());
        for (String url : message.media()) {
            if (!message.body().contains(url)) {
                text.append(text.isEmpty() ? "" : "\n").append(url);
            }
        }
        if (text.isEmpty()) {
            throw new InvalidMessageException("body", "the message text is empty; nothing to send");
        }
        OutboundRequest.Builder request = OutboundRequest.builder(uri(config))
                .field("from", from).field("to", to).field("text", text.toString());
        if (!Gsm7.covers(text.toString())) {
            request.field("type", "unicode");
        }
        if (config.isSet("status_url")) {
            request.field("callback", config.value("status_url"));
        }
        message.id().filter(id -> id.length() <= MAX_CLIENT_REF).ifPresent(id -> request.field("client-ref", id));
        return request.build();
    }

    private static URI uri(InterfaceConfig config) throws InvalidMessageException {
        return OutboundRequest.url(config.value("url_host") + config.value("url_path"));
    }
}
