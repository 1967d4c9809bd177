package io.websms.provider.voipms;

import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.MediaFromBody;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.RequestMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * VoIP.ms's {@code sendSMS}: a GET of {@code method}, {@code did} (the sender, one of the account's numbers),
 * {@code dst} and {@code message}, as VoIP.ms's examples call it. A text longer than {@link #SMS_MAX} characters,
 * which {@code sendSMS} refuses, or one with media goes as {@code sendMMS} instead, with the media URLs as
 * {@code media1}, {@code media2} …; that one is a form POST, since a long text in a query string would make a URL
 * longer than web servers take. Numbers are digits only, and a US or Canadian number in the 10 digits VoIP.ms uses
 * ({@code +1 202 555 0183} is {@code 2025550183}). VoIP.ms has no Unicode flag: {@code val_unicode} does not apply.
 */
final class VoipmsRequestMapper implements RequestMapper {

    /** The longest text {@code sendSMS} takes. */
    static final int SMS_MAX = 160;

    @Override
    public OutboundRequest map(Message original, InterfaceConfig config) throws InvalidMessageException {
        // media_from_body = yes: the text's links go as the MMS's media.
        Message message = MediaFromBody.apply(original, config);
        String dst = number("to", message.to());
        String did = number("from", message.from());
        String text = message.body();
        List<String> media = message.media();
        if (text.isEmpty() && media.isEmpty()) {
            throw new InvalidMessageException("body", "the message text is empty; nothing to send");
        }
        boolean mms = !media.isEmpty() || text.codePointCount(0, text.length()) > SMS_MAX;
        OutboundRequest.Builder request = OutboundRequest.builder(uri(config)).method(mms ? "POST" : "GET")
                .field("method", mms ? "sendMMS" : "sendSMS").field("did", did).field("dst", dst).field("message", text);
        for (int i = 0; i < media.size(); i++) {
            request.field("media" + (i + 1), media.get(i));
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

    /**
     * {@code number} as VoIP.ms writes it: digits only, without {@code +} or {@code 00}, and a North American number
     * (11 digits after a 1) as its 10 digits. Another country's number goes as its digits; VoIP.ms says whether it
     * takes it.
     */
    static String number(String field, String number) throws InvalidMessageException {
        String n = number.strip();
        if (!PhoneNumbers.isWrittenNumber(n)) {
            throw new InvalidMessageException(field, "not a phone number (digits, with an optional leading + and the separators space - . ( ))");
        }
        n = PhoneNumbers.withoutSeparators(n);
        if (n.startsWith("+")) {
            n = n.substring(1);
        } else if (n.startsWith("00")) {
            n = n.substring(2);
        }
        return n.length() == 11 && n.charAt(0) == '1' ? n.substring(1) : n;
    }
}
