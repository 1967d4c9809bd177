package io.websms.runtime.store;

import java.util.Optional;

/** A store the daemon needs to take a message, as {@code /health} reports it. */
public interface StoreHealth {

    /** Why the store cannot be used now; empty when it can. Quick: a health check calls it. */
    Optional<String> problem();

    /** What {@code /health} names it by, e.g. {@code postgresql://websms@db:5432/websms}. */
    String describe();
}
