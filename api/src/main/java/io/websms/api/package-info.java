/**
 * The websms provider SPI: everything a plugin author needs to connect websms to one more ITSP.
 *
 * <h2>The pieces</h2>
 * A {@link io.websms.api.Provider} is found by {@linkplain io.websms.api.Provider#name() name} with
 * {@link java.util.ServiceLoader} and bundles small single-method pieces, each of them stateless and thread-safe:
 * <ul>
 *   <li>outgoing: {@link io.websms.api.RequestMapper} turns a {@link io.websms.api.Message} into an
 *       {@link io.websms.api.OutboundRequest}; an {@link io.websms.api.AuthScheme} adds credentials; websms sends
 *       it; a {@link io.websms.api.ResponseChecker} classifies the {@link io.websms.api.ItspResponse} into a
 *       {@link io.websms.api.SendResult};</li>
 *   <li>incoming: an {@link io.websms.api.EchoHandler} answers handshakes; a
 *       {@link io.websms.api.SignatureVerifier} refuses forged webhooks; a {@link io.websms.api.WebhookParser}
 *       turns the {@link io.websms.api.InboundRequest} into a {@link io.websms.api.Message}; once websms has stored
 *       it durably, an {@link io.websms.api.Acknowledger} gives the {@link io.websms.api.WebhookReply};</li>
 *   <li>status callbacks (optional): after the {@link io.websms.api.SignatureVerifier}, a
 *       {@link io.websms.api.StatusParser} turns the ITSP's report on a sent message into
 *       {@link io.websms.api.StatusReport}s, each with a {@link io.websms.api.DeliveryStatus}.</li>
 * </ul>
 * Pieces that read JSON use {@link io.websms.api.InboundRequest#json()}, {@link io.websms.api.ItspResponse#json()}
 * or {@link io.websms.api.JsonView#parse(String)}: a read-only {@link io.websms.api.JsonView} with paths such as
 * {@code data.payload.to[0].phone_number}, so that no plugin brings its own JSON parser. Signatures are checked with
 * {@link io.websms.api.Signatures}.
 *
 * <p>Every piece receives the {@link io.websms.api.InterfaceConfig} of the interface it serves: the resolved values of
 * {@code websms.conf} for one section and index, defaults applied. Value types are immutable and built with
 * builders. The module has no dependencies.
 *
 * <h2>Threading and errors</h2>
 * websms calls the pieces from many threads at once; they must not keep per-message state. A piece reports bad
 * input with the checked exception its method declares (never {@code null}), and must not put a secret (see
 * {@link io.websms.api.ConfigKey#secret()}) in a message, an exception or {@code toString()}.
 */
package io.websms.api;
