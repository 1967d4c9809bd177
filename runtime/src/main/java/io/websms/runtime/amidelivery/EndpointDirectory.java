package io.websms.runtime.amidelivery;

import io.websms.runtime.ami.AmiClient;
import io.websms.runtime.ami.AmiException;
import io.websms.runtime.ami.AmiMessage;
import io.websms.runtime.config.AmiDeliverySettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the PJSIP endpoints a destination number belongs to, and their registered contacts (the devices). A number
 * listed in {@code ami_endpoints} has those endpoints; another one those its hint in {@code ami_hint_context} names
 * ({@code exten => +4930123456,hint,PJSIP/alice&PJSIP/bob}), as PrivateDial finds them. The contacts are those
 * Asterisk would dial: {@code PJSIP_DIAL_CONTACTS(endpoint)}.
 */
final class EndpointDirectory {

    /** One registered device: its endpoint and its contact URI. */
    record Contact(String endpoint, String uri) {

        /** The {@code To} of a {@code MessageSend} to this device alone. */
        String messageSendTo() {
            return "pjsip:" + endpoint + "/" + uri;
        }
    }

    private final AmiClient ami;
    private final AmiDeliverySettings settings;

    EndpointDirectory(AmiClient ami, AmiDeliverySettings settings) {
        this.ami = ami;
        this.settings = settings;
    }

    /** The endpoints of {@code number}; empty when neither ami_endpoints nor a hint names one. */
    List<String> endpointsOf(String number) throws AmiException {
        List<String> listed = settings.endpoints().get(number);
        if (listed != null) {
            return listed;
        }
        if (settings.hintContext().isEmpty()) {
            return List.of();
        }
        String hint = getvar("HINT(" + number + "@" + settings.hintContext() + ")");
        List<String> endpoints = new ArrayList<>();
        for (String device : hint.split("&")) {
            String item = device.strip();
            // PJSIP/alice; another technology (a DAHDI line, a custom device state) cannot take a SIP MESSAGE.
            if (item.regionMatches(true, 0, "PJSIP/", 0, 6) && AmiDeliverySettings.isEndpointName(item.substring(6))) {
                endpoints.add(item.substring(6));
            }
        }
        return endpoints;
    }

    /** The registered contacts of {@code endpoint}, as Asterisk would dial them; empty when none is registered. */
    List<Contact> contactsOf(String endpoint) throws AmiException {
        String dial = getvar("PJSIP_DIAL_CONTACTS(" + endpoint + ")");
        List<Contact> contacts = new ArrayList<>();
        String prefix = "PJSIP/" + endpoint + "/";
        for (String item : dial.split("&")) {
            String contact = item.strip();
            if (contact.regionMatches(true, 0, prefix, 0, prefix.length()) && contact.length() > prefix.length()) {
                contacts.add(new Contact(endpoint, contact.substring(prefix.length())));
            }
        }
        return contacts;
    }

    private String getvar(String variable) throws AmiException {
        AmiMessage answer = Ami.await(ami, AmiMessage.action("Getvar").add("Variable", variable).build());
        if (!answer.get("Response").orElse("").equalsIgnoreCase("Success")) {
            throw new AmiException("Getvar " + variable + " was refused: " + answer.get("Message").orElse(answer.toString()));
        }
        return answer.get("Value").orElse("");
    }
}
