package io.websms.api;

/**
 * Reads JSON text into a {@link JsonView}: the service behind {@link JsonView#parse(String)},
 * {@link InboundRequest#json()} and {@link ItspResponse#json()}, found with {@link java.util.ServiceLoader}, so that
 * this module stays free of dependencies. websms ships one, backed by Jackson, in {@code io.websms:websms-json}: it is
 * in websms's {@code lib/}, and a plugin's tests get it through {@code websms-conformance-tests}. A plugin uses the
 * view and never implements this.
 */
public interface JsonSupport {

    /**
     * The one JSON value {@code text} holds, built with {@link JsonView}'s factories. Strict: nothing but blanks
     * after the value, no member named twice in one object (which of the two the sender meant cannot be told), no
     * {@code NaN}; numbers keep their text as written.
     *
     * @throws JsonException saying what is wrong and where
     */
    JsonView parse(String text) throws JsonException;
}
