package io.websms.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The api alone, as this module's tests run it: no {@link JsonSupport} on the class path. Reading JSON then says what
 * to add; views built by hand still navigate (the JSON module's tests read real text).
 */
class JsonViewWithoutSupportTest {

    @Test
    void readingJsonWithoutAnImplementationNamesTheArtifactToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JsonView.parse("{}"));
        assertTrue(e.getMessage().contains("io.websms:websms-json"), e.getMessage());
        IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> InboundRequest.builder().body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build().json());
        assertEquals(e.getMessage(), again.getMessage(), "looked for again, same answer");
    }

    @Test
    void aViewBuiltByHandNavigatesAndWritesCompactJson() {
        JsonView view = JsonView.ofObject(Map.of("to", JsonView.ofArray(List.of(
                JsonView.ofObject(Map.of("phone_number", JsonView.ofString("+1202\"5550160")))))));
        assertEquals("+1202\"5550160", view.at("to[0].phone_number").text().orElseThrow());
        assertEquals("{\"to\":[{\"phone_number\":\"+1202\\\"5550160\"}]}", view.toJson());
        assertThrows(IllegalArgumentException.class, () -> JsonView.ofNumber("01"));
        assertThrows(IllegalArgumentException.class, () -> JsonView.ofArray(List.of(JsonView.missing())));
    }
}
