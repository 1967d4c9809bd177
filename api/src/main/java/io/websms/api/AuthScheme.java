package io.websms.api;

import java.util.List;

/**
 * Adds credentials to an outgoing request: a header, fields, or a signature over the body.
 *
 * <p>An auth scheme is a service of its own, found by {@link #name()} with {@link java.util.ServiceLoader}
 * (register it with {@code @AutoService(AuthScheme.class)}): the {@code auth_method} key of {@code [websms]} names
 * the scheme of an interface, so a plugin can add one that any provider then uses. websms itself brings
 * {@code none}, {@code plain} and {@code basic}. Stateless and thread-safe.
 */
public interface AuthScheme {

    /** The name {@code auth_method} selects this scheme by: lower case letters, digits, {@code -} and {@code _}. */
    String name();

    /**
     * Returns {@code request} with credentials added. When the configuration lacks what the scheme needs, the
     * original WebSMS sent the request without credentials, and existing configurations rely on it: do the same,
     * and report it in {@link #check(InterfaceConfig)}.
     */
    OutboundRequest authenticate(OutboundRequest request, InterfaceConfig config);

    /** Problems with the configuration this scheme reads (a missing secret, say); none by default. */
    default List<ConfigProblem> check(InterfaceConfig config) {
        return List.of();
    }
}
