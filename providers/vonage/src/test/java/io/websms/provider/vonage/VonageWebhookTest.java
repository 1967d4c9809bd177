package io.websms.provider.vonage;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.Provider;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Vonage's inbound SMS (https://developer.vonage.com/en/messaging/sms/guides/inbound-sms) and delivery receipts
 * (https://developer.vonage.com/en/messaging/sms/guides/delivery-receipts, error codes from
 * https://api.support.vonage.com/hc/en-us/articles/204014733).
 */
class VonageWebhookTest {

    private final Provider provider = new VonageProvider();

    private static final InterfaceConfig INBOUND = InterfaceConfig.builder(Direction.INBOUND).provider("vonage").build();
    private static final InterfaceConfig OUTBOUND = InterfaceConfig.builder(Direction.OUTBOUND).provider("vonage").build();

    private List<Message> read(InboundRequest request) throws WebhookException {
        return provider.webhookParser(INBOUND).parseAll(request, INBOUND);
    }

    @Test
    void anInboundSmsAsAGetGivesMsisdnToTextAndMessageIdAsSent() throws Exception {
        InboundRequest get = InboundRequest.builder().method("GET").queryParameter("msisdn", "447700900001").queryParameter("to", "447700900000")
                .queryParameter("messageId", "0A0000000123ABCD1").queryParameter("text", "Hello world & more = 😀").queryParameter("type", "unicode")
                .queryParameter("keyword", "HELLO").queryParameter("api-key", "abcd1234").queryParameter("message-timestamp", "2020-01-01 12:00:00").build();
        assertEquals(List.of(Message.builder().to("447700900000").from("447700900001").body("Hello world & more = 😀").id("0A0000000123ABCD1").build()),
                read(get));
    }

    @Test
    void eachPartOfALongSmsIsAMessageOfItsOwnAndABinaryMessageOrAStrayReceiptIsIgnored() throws Exception {
        InboundRequest part = InboundRequest.builder().field("msisdn", "447700900001").field("to", "447700900000").field("messageId", "0A02")
                .field("text", "second half").field("type", "text").field("concat", "true").field("concat-ref", "1").field("concat-total", "2")
                .field("concat-part", "2").build();
        assertEquals("second half", read(part).get(0).body());
        InboundRequest binary = InboundRequest.builder().field("msisdn", "447700900001").field("to", "447700900000").field("messageId", "0A03")
                .field("type", "binary").field("data", "0011223344556677").field("udh", "0605041581").build();
        assertEquals(List.of(), read(binary));
        InboundRequest receipt = InboundRequest.builder().field("msisdn", "447700900000").field("to", "AcmeInc").field("messageId", "0A0000000123ABCD1")
                .field("status", "delivered").field("err-code", "0").build();
        assertEquals(List.of(), read(receipt));
    }

    @Test
    void anInboundSmsWithoutItsNumbersOrWithABadOneIsA400() {
        assertEquals("msisdn: the sender is missing",
                assertThrows(WebhookException.class, () -> read(InboundRequest.builder().field("to", "447700900000").field("text", "x").build())).getMessage());
        assertEquals("to: not a phone number (digits with an optional leading +)", assertThrows(WebhookException.class,
                () -> read(InboundRequest.builder().field("msisdn", "447700900001").field("to", "4477\r\nApplication: System").field("text", "x").build())).getMessage());
    }

    private List<StatusReport> receipt(InboundRequest request) throws WebhookException {
        return provider.statusParser(OUTBOUND).parse(request, OUTBOUND);
    }

    private static InboundRequest dlr(String status, String errCode) {
        return InboundRequest.builder().field("msisdn", "447700900000").field("to", "AcmeInc").field("network-code", "12345")
                .field("messageId", "0A0000000123ABCD1").field("price", "0.03330000").field("status", status).field("scts", "2001011400")
                .field("err-code", errCode).field("api-key", "abcd1234").field("client-ref", "01KB7Q8ZJ8X4Y0C2V5R3M9TQ6E")
                .field("message-timestamp", "2020-01-01 12:00:00").build();
    }

    @Test
    void aDeliveredReceiptHasNoErrorAndAFailedOneCarriesTheCodeWithVonagesMeaning() throws Exception {
        assertEquals(List.of(StatusReport.builder("0A0000000123ABCD1").rawStatus("delivered").status(DeliveryStatus.DELIVERED).build()),
                receipt(dlr("delivered", "0")), "err-code 0 is no error; no time: scts has no zone");
        assertEquals(List.of(StatusReport.builder("0A0000000123ABCD1").rawStatus("failed").status(DeliveryStatus.UNDELIVERED)
                .errorCode("6").errorText("Anti-Spam Rejection").build()), receipt(dlr("failed", "6")));
        assertEquals(Optional.of(DeliveryStatus.EXPIRED), receipt(dlr("expired", "2")).get(0).status());
        assertEquals(Optional.empty(), receipt(dlr("rejected", "99")).get(0).errorText());
    }

    @Test
    void unknownIsCountedAndAReceiptWithoutIdOrStatusIsA400() throws Exception {
        StatusReport unknown = receipt(dlr("unknown", "1")).get(0);
        assertEquals(Optional.empty(), unknown.status());
        assertEquals("unknown", unknown.rawStatus());
        assertEquals("messageId: the message id is missing",
                assertThrows(WebhookException.class, () -> receipt(InboundRequest.builder().field("status", "delivered").build())).getMessage());
        assertEquals("status: the status is missing",
                assertThrows(WebhookException.class, () -> receipt(InboundRequest.builder().field("messageId", "0A01").build())).getMessage());
    }
}
