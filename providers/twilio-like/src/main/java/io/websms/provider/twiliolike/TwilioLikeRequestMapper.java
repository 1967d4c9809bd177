package io.websms.provider.twiliolike;

import io.websms.api.FormEncoding;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.RequestMapper;
import io.websms.provider.generic.GenericRequestMapper;


/**
 * The generic form request, with numbers in E.164 ({@code 0046…} and {@code 46…} become {@code +46…}; a national
 * number with one leading 0 is left for the ITSP to refuse) and {@code {auth_user}} in the URL replaced by the account
 * SID, as Twilio's {@code /2010-04-01/Accounts/{AccountSid}/Messages.json} needs. When {@code status_url} is set,
 * the request carries it as {@code StatusCallback}, so that Twilio reports each status change of the message there.
 */
final class TwilioLikeRequestMapper implements RequestMapper {

    private final RequestMapper generic = new GenericRequestMapper();

    @Override
    public OutboundRequest map(Message message, InterfaceConfig config) throws InvalidMessageException {
        Message e164 = message.toBuilder().to(e164(message.to())).from(e164(message.from())).build();
        String path = config.value("url_path");
        InterfaceConfig resolved = path.contains("{auth_user}")
                ? config.with("url_path", path.replace("{auth_user}", FormEncoding.encodeComponent(config.value("auth_user"))))
                : config;
        OutboundRequest request = generic.map(e164, resolved);
        String statusUrl = config.value("status_url");
        return statusUrl.isEmpty() ? request : request.newBuilder().field("StatusCallback", statusUrl).build();
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
