package io.websms.provider.flowroute;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Flowroute's JSON, read strictly: a member given twice or anything after the value makes a body no JSON at all. */
final class FlowrouteJson {

    /** JSON:API's media type, which Flowroute's v2.1 Messages API takes and answers with. */
    static final String JSON_API = "application/vnd.api+json";

    /** Made on first use, so that a one-shot send of another provider does not pay for Jackson. */
    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private FlowrouteJson() {
    }

    static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** The JSON value of {@code body}, or null when it is empty or no JSON. */
    static JsonNode read(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The text of {@code node}: a string as it is, a number or boolean as written; {@code ""} for null, missing or a container. */
    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.isContainerNode() ? "" : node.asText();
    }
}
