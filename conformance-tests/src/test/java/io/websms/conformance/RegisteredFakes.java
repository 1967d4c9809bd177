package io.websms.conformance;

import io.websms.api.ConfigKey;
import io.websms.api.Direction;

import java.util.List;

/** Providers registered for ServiceLoader in the kit's own tests, each wrong in how it registers. */
final class RegisteredFakes {

    private RegisteredFakes() {
    }

    /** A name with a blank and capitals. */
    public static final class BadlyNamed extends FakeProvider {
        public BadlyNamed() {
            super(Break.NOTHING);
        }

        @Override
        public String name() {
            return "Bad Name";
        }
    }

    /** A key declared twice. */
    public static final class DuplicateKeys extends FakeProvider {
        public DuplicateKeys() {
            super(Break.NOTHING);
        }

        @Override
        public String name() {
            return "dupkeys";
        }

        @Override
        public List<ConfigKey> keys() {
            return List.of(ConfigKey.builder(Direction.OUTBOUND, "api_key").build(), ConfigKey.builder(Direction.OUTBOUND, "api_key").build());
        }
    }
}
