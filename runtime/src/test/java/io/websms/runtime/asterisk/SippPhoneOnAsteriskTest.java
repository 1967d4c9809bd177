package io.websms.runtime.asterisk;

import io.websms.runtime.ami.AmiClient;
import io.websms.runtime.ami.AmiMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test phones ({@link SippPhone}) against a real Asterisk ({@link AsteriskInstance}): they register as alice, and
 * what an AMI {@code MessageSend} sends them arrives byte for byte.
 */
class SippPhoneOnAsteriskTest {

    /** A line break, the characters URL and dialplan encodings trip on, and 4-byte emoji. */
    private static final String TEXT = "Hallo Alice,\nPaket 7; #42 & 50% + \"Express\" 😀🎉👍🏽 ü";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static AsteriskInstance asterisk;
    private static AmiClient ami;
    private final List<SippPhone> phones = new ArrayList<>();

    @BeforeAll
    static void startAsterisk() throws Exception {
        asterisk = AsteriskInstance.startOrSkip(dir.resolve("asterisk"));
        ami = AmiClient.connect(asterisk.amiSettings().withTimeout(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stopAsterisk() {
        if (ami != null) {
            ami.close();
        }
        if (asterisk != null) {
            asterisk.close();
        }
    }

    /** alice takes two devices and no more: every test leaves her with none. */
    @AfterEach
    void unregisterPhones() {
        phones.forEach(SippPhone::unregister);
        phones.forEach(SippPhone::close);
    }

    private SippPhone alice(String contactParams) {
        SippPhone phone = SippPhone.register(asterisk, "alice", SippPhone.freePort(), contactParams);
        phones.add(phone);
        return phone;
    }

    private static AmiMessage answer(AmiMessage.Builder action) throws Exception {
        return ami.send(action.build()).get(10, TimeUnit.SECONDS);
    }

    private static String dialContacts() throws Exception {
        AmiMessage value = answer(AmiMessage.action("Getvar").add("Variable", "PJSIP_DIAL_CONTACTS(alice)"));
        assertEquals("Success", value.get("Response").orElse(null), value.toString());
        return value.get("Value").orElse(null);
    }

    private static AmiMessage messageSend(String to, String from, String text) throws Exception {
        return answer(AmiMessage.action("MessageSend").add("To", to).add("From", from)
                .add("Base64Body", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aRegisteredPhoneIsADialContactAndGetsTheExactText() throws Exception {
        assertEquals("", dialContacts(), "alice has a contact before any phone registered");
        SippPhone phone = alice("");

        assertEquals("PJSIP/alice/sip:alice@127.0.0.1:" + phone.port(), dialContacts());
        AmiMessage sent = messageSend(phone.messageSendTo(), "+4915112345678", TEXT);
        assertEquals("Success", sent.get("Response").orElse(null), sent.toString());

        SippPhone.Received message = phone.awaitMessages(1, WAIT).getFirst();
        assertEquals(TEXT, message.body());
        assertEquals("+4915112345678", message.fromUser(), message.toString());
        assertEquals("<sip:+4915112345678@127.0.0.1>", message.from().replaceFirst(";tag=.*", ""));
        assertEquals("sip:alice@127.0.0.1:" + phone.port(), message.requestUri());
        assertEquals("text/plain", message.contentType());
    }

    @Test
    void twoPhonesOfAliceEachGetWhatIsAddressedToTheirContact() throws Exception {
        SippPhone desk = alice("");
        SippPhone mobile = alice(";ob");
        String[] contacts = dialContacts().split("&");
        assertEquals(Set.of("PJSIP/alice/" + desk.contactUri(), "PJSIP/alice/sip:alice@127.0.0.1:" + mobile.port() + ";ob"), Set.of(contacts));

        assertEquals("Success", messageSend(desk.messageSendTo(), "+4915112345678", "to the desk " + TEXT).get("Response").orElse(null));
        assertEquals("Success", messageSend(mobile.messageSendTo(), "\"ACME Shop\" <sip:+4915112345678@127.0.0.1>", "to the mobile " + TEXT)
                .get("Response").orElse(null));

        SippPhone.Received atDesk = desk.awaitMessages(1, WAIT).getFirst();
        SippPhone.Received atMobile = mobile.awaitMessages(1, WAIT).getFirst();
        assertEquals("to the desk " + TEXT, atDesk.body());
        assertEquals("to the mobile " + TEXT, atMobile.body());
        assertEquals("sip:alice@127.0.0.1:" + mobile.port() + ";ob", atMobile.requestUri());
        assertEquals("ACME Shop", atMobile.fromName(), atMobile.toString());
        assertEquals("+4915112345678", atMobile.fromUser(), atMobile.toString());
        Thread.sleep(300);
        assertEquals(1, desk.messages().size(), "the desk got the mobile's message too: " + desk.messages());
        assertEquals(1, mobile.messages().size(), "the mobile got the desk's message too: " + mobile.messages());
    }

    @Test
    void anUnregisteredPhoneIsNoContactAndGetsMessagesAgainOnceRegisteredAgain() throws Exception {
        SippPhone phone = alice("");
        phone.unregister();
        assertEquals("", dialContacts());
        AmiMessage refused = messageSend("pjsip:alice", "+4915112345678", "while offline");
        assertEquals("Error", refused.get("Response").orElse(null), refused.toString());
        assertEquals("Message failed to send.", refused.get("Message").orElse(null), refused.toString());

        phone.registerAgain();
        assertEquals("PJSIP/alice/" + phone.contactUri(), dialContacts());
        assertEquals("Success", messageSend("pjsip:alice", "+4915112345678", "back online").get("Response").orElse(null));
        assertEquals("back online", phone.awaitMessages(1, WAIT).getFirst().body());
    }

    @Test
    void aPhoneRegisteringLaterGetsWhatIsSentAfterwards() throws Exception {
        AmiMessage early = messageSend("pjsip:alice", "+4915112345678", "too early");
        assertEquals("Error", early.get("Response").orElse(null), early.toString());
        SippPhone late = alice("");
        assertEquals("Success", messageSend("pjsip:alice", "+4915112345678", TEXT).get("Response").orElse(null));
        List<SippPhone.Received> messages = late.awaitMessages(1, WAIT);
        assertEquals(List.of(TEXT), messages.stream().map(SippPhone.Received::body).toList());
        assertTrue(asterisk.cli("pjsip show contacts").contains("alice/sip:alice@127.0.0.1:" + late.port()), asterisk.cli("pjsip show contacts"));
    }
}
