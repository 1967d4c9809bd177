package io.websms.runtime.amidelivery;

import io.websms.runtime.ami.AmiException;
import io.websms.runtime.ami.AmiClient;
import io.websms.runtime.ami.AmiMessage;
import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.inbox.InboxEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ami_mode = direct}: websms finds the number's endpoints and sends the text with {@code MessageSend} to each
 * registered device (contact) of theirs, {@code From} the SMS's sender. A text longer than one {@code MessageSend}
 * carries ({@link TextParts#MESSAGE_SEND_BYTES}) goes as several SIP MESSAGEs in order. A device that got every part
 * is recorded in the inbox before the next one is tried, so that no retry, restart or Asterisk restart sends it the
 * text again. The message is delivered once at least one device has it; it is held while none is registered or every
 * {@code MessageSend} fails.
 */
final class DirectHandoff implements Handoff {

    private final AmiClient ami;
    private final EndpointDirectory directory;

    DirectHandoff(AmiClient ami, EndpointDirectory directory) {
        this.ami = ami;
        this.directory = directory;
    }

    @Override
    public Outcome deliver(InboxEntry entry, AstQueueSettings queue, Progress progress) throws IOException {
        String to = entry.message().to();
        List<String> endpoints;
        List<EndpointDirectory.Contact> contacts = new ArrayList<>();
        try {
            endpoints = directory.endpointsOf(to);
            if (endpoints.isEmpty()) {
                return Outcome.held("no endpoint for " + to + ": list it in ami_endpoints, or give it a hint in ami_hint_context", List.of());
            }
            for (String endpoint : endpoints) {
                contacts.addAll(directory.contactsOf(endpoint));
            }
        } catch (AmiException e) {
            return Outcome.held("AMI: " + e.getMessage(), List.of());
        }
        if (contacts.isEmpty()) {
            return Outcome.held("no device of " + String.join(", ", endpoints) + " is registered", endpoints);
        }
        List<String> parts = TextParts.of(entry.message().body(), TextParts.MESSAGE_SEND_BYTES);
        Set<String> devices = new LinkedHashSet<>(entry.delivered());
        List<String> failures = new ArrayList<>();
        InboxEntry current = entry;
        List<EndpointDirectory.Contact> pending = contacts.stream().filter(c -> !devices.contains(c.uri())).toList();
        for (int i = 0; i < pending.size(); i++) {
            EndpointDirectory.Contact contact = pending.get(i);
            String failure = send(contact, entry.message().from(), parts);
            if (failure == null) {
                devices.add(contact.uri());
                // Recorded before the next device is tried; after the last one the entry's removal records it.
                if (i + 1 < pending.size()) {
                    current = progress.record(current.deliveredTo(contact.uri()));
                }
            } else {
                failures.add(contact.uri() + ": " + failure);
            }
        }
        if (devices.isEmpty()) {
            return Outcome.held("every MessageSend failed: " + String.join("; ", failures), endpoints);
        }
        return Outcome.delivered(devices.size() + " device(s)" + (failures.isEmpty() ? "" : ", not " + String.join("; ", failures)), endpoints);
    }

    /** Sends every part to {@code contact}, in order; null when each was taken, else why not. */
    private String send(EndpointDirectory.Contact contact, String from, List<String> parts) {
        for (int i = 0; i < parts.size(); i++) {
            AmiMessage action = AmiMessage.action("MessageSend")
                    .add("To", contact.messageSendTo())
                    .add("From", fromHeader(from))
                    .add("Base64Body", Base64.getEncoder().encodeToString(TextParts.utf8(parts.get(i))))
                    .build();
            try {
                AmiMessage answer = Ami.await(ami, action);
                if (!answer.get("Response").orElse("").equalsIgnoreCase("Success")) {
                    return "part " + (i + 1) + " of " + parts.size() + ": " + answer.get("Message").orElse("Error");
                }
            } catch (AmiException e) {
                return "part " + (i + 1) + " of " + parts.size() + ": " + e.getMessage();
            }
        }
        return null;
    }

    /** The {@code From} of a {@code MessageSend}: the sender as the user of a SIP URI, shown as its display name. */
    static String fromHeader(String from) {
        return "\"" + from + "\" <sip:" + from.replace(" ", "%20") + "@localhost>";
    }
}
