package io.websms.provider.plivo;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.Provider;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import io.websms.api.WebhookReply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Plivo's incoming messages (the attributes of https://plivo.com/docs/messaging/api/message/handling-incoming) and its
 * status callbacks (https://plivo.com/docs/messaging/api/message/message-status-callbacks, error codes from
 * https://plivo.com/docs/messaging/troubleshooting/error-codes).
 */
class PlivoWebhookTest {

    private final Provider provider = new PlivoProvider();

    private static final InterfaceConfig INBOUND = InterfaceConfig.builder(Direction.INBOUND).provider("plivo")
            .put("resp_ack", "<Response></Response>").build();
    private static final InterfaceConfig OUTBOUND = InterfaceConfig.builder(Direction.OUTBOUND).provider("plivo").build();

    private List<Message> read(InboundRequest request) throws WebhookException {
        return provider.webhookParser(INBOUND).parseAll(request, INBOUND);
    }

    @Test
    void anSmsGivesTextNumbersAsSentAndItsUuidAndIsAnsweredWithAnEmptyPlivoXml() throws Exception {
        InboundRequest sms = InboundRequest.builder().field("From", "14155551234").field("To", "14155556789").field("Type", "sms")
                .field("Text", "Hi ~*+ ü 😀").field("MessageUUID", "16ab2e7e-6bc2-11ee-a7a4-0242ac110004").field("Units", "1")
                .field("TotalRate", "0.00000").field("TotalAmount", "0.00000").field("MessageIntent", "").field("PowerpackUUID", "").build();
        Message message = Message.builder().to("14155556789").from("14155551234").body("Hi ~*+ ü 😀").id("16ab2e7e-6bc2-11ee-a7a4-0242ac110004").build();
        assertEquals(List.of(message), read(sms));
        assertEquals(new WebhookReply(200, "text/xml; charset=utf-8", "<Response></Response>"), provider.acknowledger(INBOUND).ack(message, INBOUND));
    }

    @Test
    void anMmsGivesBodyAndMedia1ToMediaCountInOrder() throws Exception {
        InboundRequest mms = InboundRequest.builder().method("GET").queryParameter("From", "14155551234").queryParameter("To", "14155556789")
                .queryParameter("Type", "mms").queryParameter("Body", "Look").queryParameter("MessageUUID", "mms-1")
                .queryParameter("MediaCount", "2").queryParameter("Media1", "https://media.plivo.com/a.jpg")
                .queryParameter("Media2", "https://media.plivo.com/b.png").queryParameter("Media3", "https://not.counted/c.png").build();
        Message message = read(mms).get(0);
        assertEquals("Look", message.body());
        assertEquals(List.of("https://media.plivo.com/a.jpg", "https://media.plivo.com/b.png"), message.media());
    }

    @Test
    void aStatusCallbackPostedToTheMessageUrlIsNoMessageAndABrokenOneIsA400() throws Exception {
        InboundRequest callback = InboundRequest.builder().field("From", "14155551234").field("To", "14155556789").field("Status", "delivered")
                .field("MessageUUID", "db3ce55a-7f1d-11e1-8ea7-1231380bc196").build();
        assertEquals(List.of(), read(callback));
        assertEquals("From: the sender is missing", assertThrows(WebhookException.class,
                () -> read(InboundRequest.builder().field("To", "14155556789").field("Text", "x").build())).getMessage());
        assertEquals(400, assertThrows(WebhookException.class,
                () -> read(InboundRequest.builder().field("From", "1").field("To", "1415;x").field("Text", "x").build())).status());
    }

    private List<StatusReport> status(InboundRequest request) throws WebhookException {
        return provider.statusParser(OUTBOUND).parse(request, OUTBOUND);
    }

    @Test
    void anUndeliveredCallbackCarriesTheUuidAndTheCodeWithPlivosReason() throws Exception {
        InboundRequest undelivered = InboundRequest.builder().field("MessageUUID", "db3ce55a-7f1d-11e1-8ea7-1231380bc196").field("To", "14155556789")
                .field("From", "14155551234").field("Type", "sms").field("Status", "undelivered").field("ErrorCode", "30")
                .field("Units", "1").field("Sequence", "3").field("DeliveryReportTime", "2026-11-02 10:15:31.000000").build();
        assertEquals(List.of(StatusReport.builder("db3ce55a-7f1d-11e1-8ea7-1231380bc196").rawStatus("undelivered").status(DeliveryStatus.UNDELIVERED)
                .errorCode("30").errorText("Spam Detected").build()), status(undelivered), "no time: Plivo's times carry no zone");
        InboundRequest unknownCode = InboundRequest.builder().field("MessageUUID", "u1").field("Status", "failed").field("ErrorCode", "1234").build();
        assertEquals(Optional.empty(), status(unknownCode).get(0).errorText());
        assertEquals(Optional.of(DeliveryStatus.FAILED), status(unknownCode).get(0).status());
    }

    @Test
    void receivedAndLaterWordsAreCountedAndACallbackWithoutUuidOrStatusIsA400() throws Exception {
        StatusReport received = status(InboundRequest.builder().field("MessageUUID", "u1").field("Status", "received").build()).get(0);
        assertEquals(Optional.empty(), received.status());
        assertEquals("received", received.rawStatus());
        assertEquals("MessageUUID: the message id is missing",
                assertThrows(WebhookException.class, () -> status(InboundRequest.builder().field("Status", "sent").build())).getMessage());
        assertEquals("Status: the status is missing",
                assertThrows(WebhookException.class, () -> status(InboundRequest.builder().field("MessageUUID", "u1").build())).getMessage());
    }
}
