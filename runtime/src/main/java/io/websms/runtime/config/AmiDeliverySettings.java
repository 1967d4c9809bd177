package io.websms.runtime.config;

import io.websms.api.PhoneNumbers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code [astqueue]} keys of delivery over the Asterisk Manager Interface ({@code delivery = ami}), typed.
 *
 * @param host          {@code ami_addr}'s host
 * @param port          {@code ami_addr}'s port
 * @param user          {@code ami_user}
 * @param secret        {@code ami_secret}; never shown ({@link #toString()} masks it)
 * @param mode          {@code ami_mode}
 * @param endpoints     {@code ami_endpoints}: the endpoints of each number listed, in the order written
 * @param hintContext   {@code ami_hint_context}: where a number's hint names its endpoints; empty for none
 * @param inboxMaxAge   {@code inbox_max_age}: how long a message may wait in the inbox
 * @param notifyAfter   {@code inbox_notify_after}: how long a message waits before a copy goes to {@code notifyUrl}; zero for never
 * @param notifyUrl     {@code inbox_notify_url}; empty for none
 */
public record AmiDeliverySettings(String host, int port, String user, String secret, Mode mode, Map<String, List<String>> endpoints,
                                  String hintContext, Duration inboxMaxAge, Duration notifyAfter, String notifyUrl) {

    /** How a message is handed to Asterisk over the AMI. */
    public enum Mode {
        /** {@code Originate} into the dialplan, with the variables a call file would carry. */
        DIALPLAN,
        /** {@code MessageSend} to every registered contact of the number's endpoints. */
        DIRECT
    }

    /** An endpoint name: what {@code pjsip.conf} allows in a section name, less what separates or ends a dial string. */
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9_.@+-]{1,80}");

    public AmiDeliverySettings {
        endpoints = Map.copyOf(endpoints);
    }

    static Optional<AmiDeliverySettings> of(Map<String, String> values) {
        if (!values.get("delivery").equals("ami")) {
            return Optional.empty();
        }
        ListenAddress address = ListenAddress.parse(values.get("ami_addr")).orElseThrow();
        return Optional.of(new AmiDeliverySettings(address.host(), address.port(), values.get("ami_user"), values.get("ami_secret"),
                values.get("ami_mode").equals("direct") ? Mode.DIRECT : Mode.DIALPLAN, endpoints(values.get("ami_endpoints")),
                values.get("ami_hint_context"), DaemonSettings.seconds(values.get("inbox_max_age")),
                Duration.ofMinutes(Long.parseLong(values.get("inbox_notify_after"))), values.get("inbox_notify_url")));
    }

    /**
     * Reads {@code ami_endpoints}: {@code number=endpoint endpoint,number=endpoint}.
     *
     * @throws IllegalArgumentException naming the pair that is wrong
     */
    public static Map<String, List<String>> endpoints(String value) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (value.isBlank()) {
            return map;
        }
        for (String pair : value.split(",")) {
            int equals = pair.indexOf('=');
            String number = equals < 0 ? pair.strip() : pair.substring(0, equals).strip();
            if (equals < 0 || !PhoneNumbers.isNumber(number)) {
                throw new IllegalArgumentException("'" + pair.strip() + "' is not number=endpoint");
            }
            List<String> names = new ArrayList<>();
            for (String name : pair.substring(equals + 1).strip().split("[\\s&]+")) {
                if (!ENDPOINT.matcher(name).matches()) {
                    throw new IllegalArgumentException("'" + name + "' (for " + number + ") is not a PJSIP endpoint name");
                }
                names.add(name);
            }
            if (map.put(number, List.copyOf(names)) != null) {
                throw new IllegalArgumentException(number + " is listed twice");
            }
        }
        return map;
    }

    /** Whether {@code name} could be a PJSIP endpoint's name (as found in a hint). */
    public static boolean isEndpointName(String name) {
        return ENDPOINT.matcher(name).matches();
    }

    /** {@code host:port}, as messages name the AMI. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "AmiDeliverySettings[" + user + "@" + address() + ", secret " + Redaction.MASK + ", mode " + mode + ", endpoints " + endpoints
                + ", hintContext " + hintContext + ", inboxMaxAge " + inboxMaxAge + ", notifyAfter " + notifyAfter + ", notifyUrl "
                + Redaction.url(notifyUrl) + "]";
    }
}
