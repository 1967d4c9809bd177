package io.websms.provider.elks46;

import io.websms.api.FormEncoding;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.UrlSecret;
import io.websms.api.RequestMapper;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * 46elks's {@code POST /a1/sms}: the form fields {@code to} and {@code from} in E.164 ({@code 0046…} and
 * {@code 46…} become {@code +46…}; a sender that is no number is sent as the text sender ID 46elks allows) and
 * {@code message}, as sent. 46elks splits long texts and encodes Unicode itself, so {@code val_unicode} does not
 * apply. With {@code status_url} set, {@code whendelivered} asks for delivery reports there, with
 * {@code secret=<status_secret>} added when that is set.
 */
final class Elks46RequestMapper implements RequestMapper {

    @Override
    public OutboundRequest map(Message message, InterfaceConfig config) throws InvalidMessageException {
        String to = message.to().strip();
        if (!PhoneNumbers.isWrittenNumber(to)) {
            throw new InvalidMessageException("to", "not a phone number (digits, with an optional leading + and the separators space - . ( ))");
        }
        String from = message.from().strip();
        if (!PhoneNumbers.isWrittenNumber(from) && !PhoneNumbers.isSender(from)) {
            throw new InvalidMessageException("from", "neither a phone number nor a text sender ID (letters and digits)");
        }
        if (message.body().isEmpty()) {
            throw new InvalidMessageException("body", "the message text is empty; nothing to send");
        }
        OutboundRequest.Builder request = OutboundRequest.builder(uri(config))
                .field("to", e164(to))
                .field("from", PhoneNumbers.isWrittenNumber(from) ? e164(from) : from)
                .field("message", message.body());
        String statusUrl = config.value("status_url");
        if (!statusUrl.isEmpty()) {
            request.field("whendelivered", UrlSecret.addTo(statusUrl, config.value("status_secret")));
        }
        return request.build();
    }

    /** {@code url_host + url_path}, as the original joined them. */
    private static URI uri(InterfaceConfig config) throws InvalidMessageException {
        String url = config.value("url_host") + config.value("url_path");
        try {
            URI uri = new URI(url);
            OutboundRequest.builder(uri); // refuses a relative or non-http URL
            return uri;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new InvalidMessageException("url", "url_host + url_path = '" + url + "' is not an http or https URL");
        }
    }

    /** {@code number} in E.164 with {@code +}: separators go, {@code 00} and a bare country code get a {@code +}. */
    static String e164(String number) {
        String n = PhoneNumbers.withoutSeparators(number);
        if (n.startsWith("00") && n.length() > 2) {
            return "+" + n.substring(2);
        }
        if (!n.isEmpty() && n.charAt(0) != '+' && n.charAt(0) != '0') {
            return "+" + n;
        }
        return n; // a national number with one 0: 46elks says why it refuses it
    }

}
