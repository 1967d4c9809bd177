package io.websms.provider.flowroute;

/**
 * Flowroute's documented requests, replies and callbacks, as the tests send and read them. Where each comes from:
 * <ul>
 *   <li>Messages v2.1 reference, https://developer.flowroute.com/api/messages/v2.1/ (send an SMS, send an MMS, receive an
 *       SMS, receive an MMS, receive a DLR), and Flowroute's Python library v3 README
 *       (https://github.com/flowroute/flowroute-sdk-v3-python, "Messaging"), which prints the request and reply of
 *       {@code send_a_message} and the message records of {@code look_up_a_message_detail_record};</li>
 *   <li>the errors reference, https://developer.flowroute.com/api/errors/;</li>
 *   <li>the older inbound format, https://developer.flowroute.com/docs/receive-an-inbound-message/.</li>
 * </ul>
 */
final class FlowrouteExamples {

    private FlowrouteExamples() {
    }

    /** The 202 reply to send_a_message in the Python library's README. */
    static final String SEND_REPLY = "{\n  \"data\": {\n    \"links\": {\n      \"self\": \"https://api.flowroute.com/v2.1/messages/mdr2-39cadeace66e11e7aff806cd7f24ba2d\"\n"
            + "    },\n    \"type\": \"message\",\n    \"id\": \"mdr2-39cadeace66e11e7aff806cd7f24ba2d\"\n  }\n}";

    /** The 422 the errors reference gives for an MMS whose file is over the size limit, in its error object's fields. */
    static final String MEDIA_TOO_LARGE = "{\"errors\":[{\"detail\":\"Error fetching media: File at \\\"\\\" is over 767840 byte limit.\","
            + "\"id\":\"7fcfd1cd-486b-4159-8484-b710bd4bbab4\",\"status\":422,\"title\":\"Unprocessable Entity\"}]}";

    /** An error body as the Python library's README prints one (a 400 with errors[]). */
    static final String CLIENT_ERROR = "{\"errors\":[{\"detail\":\"Could not geocode this address. Please check the validity of your address.\","
            + "\"id\":\"7fcfd1cd-486b-4159-8484-b710bd4bbab4\",\"status\":400,\"title\":\"Client Error\"}]}";

    /** The older inbound format: receive-an-inbound-message's example request. */
    static final String FLAT_SMS = "{\"to\": \"12066418000\", \"body\": \"Hello there from Flowroute!\", \"from\": \"18553569768\", "
            + "\"id\": \"mdr1-febb118b9b034338adfc662a8c02fd88\"}";

    /**
     * A v2.1 SMS callback: the inbound message object of the README's look_up_a_message_detail_record, in the {@code data}
     * envelope and with the attributes "receive an SMS" lists.
     */
    static final String V21_SMS = "{\n  \"data\": {\n    \"attributes\": {\n      \"body\": \"Hello are you there? \",\n      \"status\": \"delivered\",\n"
            + "      \"direction\": \"inbound\",\n      \"amount_nanodollars\": 4000000,\n      \"to\": \"12012673227\",\n      \"message_encoding\": 0,\n"
            + "      \"timestamp\": \"2017-12-22T01:52:39.39Z\",\n      \"delivery_receipts\": [],\n      \"amount_display\": \"$0.0040\",\n"
            + "      \"from\": \"12061232634\",\n      \"is_mms\": false,\n      \"message_type\": \"longcode\"\n    },\n    \"type\": \"message\",\n"
            + "    \"id\": \"mdr2-ca82be46e6ba11e79d08862d092cf73d\"\n  }\n}";

    /**
     * A v2.1 MMS callback in the shape "receive an MMS" describes (its members; the ids and URLs are ours): {@code is_mms}
     * true, the text {@code null} when only a picture was sent, the media related in {@code data.relationships.media}
     * and given in {@code included}, each with its {@code url}.
     */
    static final String V21_MMS = "{\"data\":{\"id\":\"mdr2-b2f0d5a1c3e411e8a1b2c3d4e5f60718\",\"type\":\"message\",\"attributes\":{"
            + "\"amount_display\":\"$0.0195\",\"amount_nanodollars\":19500000,\"body\":null,\"delivery_receipts\":[],\"direction\":\"inbound\","
            + "\"from\":\"12061232634\",\"is_mms\":true,\"message_encoding\":0,\"message_type\":\"longcode\",\"status\":\"\","
            + "\"timestamp\":\"2018-09-03T20:40:11.00Z\",\"to\":\"12012673227\"},"
            + "\"relationships\":{\"media\":{\"data\":[{\"id\":\"f2a3b4c5-1\",\"type\":\"media\"},{\"id\":\"f2a3b4c5-2\",\"type\":\"media\"}]}}},"
            + "\"included\":[{\"id\":\"f2a3b4c5-1\",\"type\":\"media\",\"attributes\":{\"file_name\":\"image000000.jpg\",\"file_size\":14832,"
            + "\"mime_type\":\"image/jpeg\",\"url\":\"https://s3.us-west-2.amazonaws.com/flowroute-messaging-media/f2a3b4c5-1\"},"
            + "\"links\":{\"self\":\"https://api.flowroute.com/v2.1/media/f2a3b4c5-1\"}},"
            + "{\"id\":\"f2a3b4c5-2\",\"type\":\"media\",\"attributes\":{\"file_name\":\"text000001.txt\",\"file_size\":12,"
            + "\"mime_type\":\"text/plain\",\"url\":\"https://s3.us-west-2.amazonaws.com/flowroute-messaging-media/f2a3b4c5-2\"},"
            + "\"links\":{\"self\":\"https://api.flowroute.com/v2.1/media/f2a3b4c5-2\"}}]}";

    /** A delivery receipt: the example of "receive a DLR" (level 2, 1003, accepted by the carrier). */
    static final String DLR_BUFFERED = "{\n  \"data\": {\n    \"attributes\": {\n      \"body\": \"test sms on v2\",\n      \"level\": 2,\n"
            + "      \"status\": \"message buffered\",\n      \"status_code\": 1003,\n      \"status_code_description\": \"Message accepted by Carrier\",\n"
            + "      \"timestamp\": \"2017-12-21T16:44:35+00:00\"\n    },\n    \"id\": \"mdr2-39cadeace66e11e7aff806cd7f24ba2d\",\n    \"links\": {\n"
            + "      \"related\": \"https://api.flowroute.com/v2.1/messages/mdr2-39cadeace66e11e7aff806cd7f24ba2d\"\n    },\n"
            + "    \"type\": \"delivery_receipt\"\n  }\n}";

    /** The level-1 receipt of the same message, from its record in the README (status_code null: handed to the carrier). */
    static final String DLR_SUBMIT = "{\"data\":{\"attributes\":{\"body\":\"test sms on v2\",\"level\":1,\"status\":\"smsc submit\",\"status_code\":null,"
            + "\"status_code_description\":\"Message has been sent\",\"timestamp\":\"2017-12-21T16:44:35.00Z\"},"
            + "\"id\":\"mdr2-39cadeace66e11e7aff806cd7f24ba2d\",\"type\":\"delivery_receipt\"}}";
}
