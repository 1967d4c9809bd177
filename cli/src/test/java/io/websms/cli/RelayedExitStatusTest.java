package io.websms.cli;

import io.websms.runtime.agi.SmsAgiScript;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A classic AGI call relayed to the daemon ends with the exit status the in-process script gives the same outcome. */
class RelayedExitStatusTest {

    @Test
    void theDaemonsExitStatusIsTheInProcessScriptsForEveryOutcome() {
        for (SmsAgiScript.Outcome.Kind kind : SmsAgiScript.Outcome.Kind.values()) {
            SmsAgiScript.Outcome outcome = new SmsAgiScript.Outcome(kind, "why", "");
            assertEquals(SendCommand.exitCode(outcome).status(), outcome.exitStatus(), kind.name());
        }
    }
}
