package io.websms.provider.twiliolike;

import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.Provider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * media_from_body on Twilio's Messages resource: each medium is one more MediaUrl parameter ("The URL of media to
 * include in the Message content … you can include up to 10 MediaUrl parameters", Twilio's Message resource,
 * https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource), and Body may be left out
 * when there is media.
 */
class TwilioMediaTest {

    private final Provider provider = new TwilioLikeProvider();

    private static InterfaceConfig config(String mediaFromBody) {
        return InterfaceConfig.builder(Direction.OUTBOUND).provider("twilio-like").put("url_host", "https://api.twilio.com")
                .put("url_path", "/2010-04-01/Accounts/{auth_user}/Messages.json").put("auth_user", "AC0123456789")
                .put("key_to", "To").put("key_from", "From").put("key_body", "Body").put("media_from_body", mediaFromBody).build();
    }

    private OutboundRequest map(String body, InterfaceConfig config) throws Exception {
        return provider.requestMapper(config).map(Message.of("+12025550183", "+15017122661", body), config);
    }

    @Test
    void eachLinkIsOneMoreMediaUrlInTheFormAndLeavesTheText() throws Exception {
        OutboundRequest request = map("Look https://example.com/a.jpg and https://example.com/b.png?x=1&y=2", config("yes"));
        assertEquals("application/x-www-form-urlencoded; charset=utf-8", request.contentType());
        assertEquals("Body=Look+and&From=%2B15017122661&MediaUrl=https%3A%2F%2Fexample.com%2Fa.jpg"
                + "&MediaUrl=https%3A%2F%2Fexample.com%2Fb.png%3Fx%3D1%26y%3D2&To=%2B12025550183", request.bodyText());
    }

    @Test
    void aTextOfLinksOnlyGoesWithoutBody() throws Exception {
        InterfaceConfig config = config("yes").with("status_url", "https://pbx.example.com/status/twilio");
        assertEquals("From=%2B15017122661&MediaUrl=https%3A%2F%2Fexample.com%2Fa.jpg"
                + "&StatusCallback=https%3A%2F%2Fpbx.example.com%2Fstatus%2Ftwilio&To=%2B12025550183", map("https://example.com/a.jpg", config).bodyText());
    }

    @Test
    void withoutTheKeyOrWithoutALinkTheFormIsAsBefore() throws Exception {
        assertEquals("Body=Look+https%3A%2F%2Fexample.com%2Fa.jpg&From=%2B15017122661&To=%2B12025550183",
                map("Look https://example.com/a.jpg", config("no")).bodyText());
        OutboundRequest plain = map("no link here", config("yes"));
        assertEquals(OutboundRequest.Format.FORM, plain.format());
        assertEquals("Body=no+link+here&From=%2B15017122661&To=%2B12025550183", plain.bodyText());
    }
}
