package io.websms.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.auto.service.AutoService;
import io.websms.api.JsonException;
import io.websms.api.JsonSupport;
import io.websms.api.JsonView;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * websms's {@link JsonSupport}: Jackson's streaming parser builds the api's own {@link JsonView} tree, so that
 * numbers keep their text and a member named twice is refused with its name. Jackson's default read constraints
 * bound it, as they bound the runtime's own reading of a JSON body: 1000 levels of nesting, numbers of 1000
 * characters; the size of the text is bounded before it gets here (the request's and the reply's limits).
 */
@AutoService(JsonSupport.class)
public final class JacksonJsonSupport implements JsonSupport {

    /** Longest piece of the parser's own message kept: it may quote the text, which is the ITSP's, not ours. */
    private static final int MAX_PROBLEM = 200;

    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public JsonView parse(String text) throws JsonException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonException("no JSON value: the text is " + (text.isEmpty() ? "empty" : "blank"));
            }
            JsonView value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new JsonException("more text after the JSON value" + where(parser.currentTokenLocation()));
            }
            return value;
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            if (problem.length() > MAX_PROBLEM) {
                problem = problem.substring(0, MAX_PROBLEM) + "…";
            }
            throw new JsonException(problem + where(e.getLocation()));
        } catch (IOException e) {
            throw new JsonException("cannot be read: " + e.getMessage()); // a String is no stream: not expected
        }
    }

    private static JsonView read(JsonParser parser, JsonToken token) throws IOException, JsonException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, JsonView> members = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonLocation at = parser.currentTokenLocation();
                    if (members.put(name, read(parser, parser.nextToken())) != null) {
                        throw new JsonException("the member '" + clip(name) + "' is given twice in one object, and which one was meant cannot be told"
                                + where(at));
                    }
                }
                yield JsonView.ofObject(members);
            }
            case START_ARRAY -> {
                List<JsonView> elements = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    elements.add(read(parser, next));
                }
                yield JsonView.ofArray(elements);
            }
            case VALUE_STRING -> JsonView.ofString(parser.getText());
            // The number's text as written: 12.50 stays 12.50, an id of 20 digits keeps them all.
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> JsonView.ofNumber(parser.getText());
            case VALUE_TRUE -> JsonView.ofBoolean(true);
            case VALUE_FALSE -> JsonView.ofBoolean(false);
            case VALUE_NULL -> JsonView.ofNull();
            default -> throw new JsonException("unexpected " + token + where(parser.currentTokenLocation()));
        };
    }

    private static String clip(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
