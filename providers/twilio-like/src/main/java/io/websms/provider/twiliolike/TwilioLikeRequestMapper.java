package io.websms.provider.twiliolike;

import io.websms.api.FormEncoding;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.MediaFromBody;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.RequestMapper;
import io.websms.provider.generic.GenericRequestMapper;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;


/**
 * The generic form request, with numbers in E.164 ({@code 0046…} and {@code 46…} become {@code +46…}; a national
 * number with one leading 0 is left for the ITSP to refuse) and {@code {auth_user}} in the URL replaced by the account
 * SID, as Twilio's {@code /2010-04-01/Accounts/{AccountSid}/Messages.json} needs. When {@code status_url} is set,
 * the request carries it as {@code StatusCallback}, so that Twilio reports each status change of the message there.
 * With {@code media_from_body} on, the links of the text go as {@code MediaUrl}, once per link in their order (the
 * form then holds the name several times, as Twilio reads a list), and a text of links only goes without {@code Body},
 * which Twilio allows when there is media.
 */
final class TwilioLikeRequestMapper implements RequestMapper {

    /** The form field of each medium's URL, repeated for several. */
    static final String MEDIA_URL = "MediaUrl";

    private final RequestMapper generic = new GenericRequestMapper();

    @Override
    public OutboundRequest map(Message original, InterfaceConfig config) throws InvalidMessageException {
        Message message = MediaFromBody.apply(original, config);
        Message e164 = message.toBuilder().to(e164(message.to())).from(e164(message.from())).build();
        String path = config.value("url_path");
        InterfaceConfig resolved = path.contains("{auth_user}")
                ? config.with("url_path", path.replace("{auth_user}", FormEncoding.encodeComponent(config.value("auth_user"))))
                : config;
        boolean mediaOnly = e164.body().isEmpty() && !e164.media().isEmpty();
        // The generic mapper refuses an empty text; a media-only MMS has none, so Body is left out after it.
        OutboundRequest request = generic.map(mediaOnly ? e164.toBuilder().body(" ").build() : e164, resolved);
        OutboundRequest.Builder built = request.newBuilder();
        if (mediaOnly) {
            built.removeField(config.value("key_body"));
        }
        String statusUrl = config.value("status_url");
        if (!statusUrl.isEmpty()) {
            built.field("StatusCallback", statusUrl);
        }
        OutboundRequest fields = built.build();
        return e164.media().isEmpty() ? fields : withMedia(fields, e164.media());
    }

    /** {@code request}'s form with a {@code MediaUrl} pair for each of {@code media}, every name in sorted order as before. */
    private static OutboundRequest withMedia(OutboundRequest request, List<String> media) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>(request.fields().entrySet());
        media.forEach(url -> pairs.add(new AbstractMap.SimpleEntry<>(MEDIA_URL, url)));
        pairs.sort(Map.Entry.comparingByKey(Comparator.naturalOrder())); // stable: the media keep their order
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, String> pair : pairs) {
            form.append(form.isEmpty() ? "" : "&").append(FormEncoding.encodeComponent(pair.getKey())).append('=')
                    .append(FormEncoding.encodeComponent(pair.getValue()));
        }
        return request.newBuilder().rawBody(form.toString().getBytes(StandardCharsets.US_ASCII), request.contentType()).build();
    }

    static String e164(String number) {
        // Twilio takes E.164 only: the separators people write (+1 (202) 555-0183) go.
        String n = PhoneNumbers.isWrittenNumber(number.strip()) ? PhoneNumbers.withoutSeparators(number.strip()) : number.strip();
        if (n.startsWith("00") && n.length() > 2) {
            return "+" + n.substring(2);
        }
        if (!n.isEmpty() && Character.isDigit(n.charAt(0)) && n.charAt(0) != '0') {
            return "+" + n;
        }
        return n;
    }
}
