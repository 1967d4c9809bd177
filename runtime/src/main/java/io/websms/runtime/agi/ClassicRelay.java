package io.websms.runtime.agi;

import io.websms.api.LogText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's side of a classic AGI call that {@code bin/websms} hands over ({@code lib/agi-relay.sh}): Asterisk
 * started the script, which connects here instead of starting a JVM and relays the call line by line. It is a FastAGI
 * call for the script {@value #SCRIPT} with three lines more, which a real Asterisk never sees:
 * <ul>
 *   <li>{@code websms-relay: ok} once the environment is read, before anything is sent: from then on the call is the
 *       daemon's, and the relay never sends by itself. {@code websms-relay: refused WHY} instead when this daemon
 *       works another websms.conf than the script would read: the relay then sends by itself, as without a daemon.</li>
 *   <li>{@code websms-relay: exit STATUS [ERROR]} after the variables: the exit status and the standard error line
 *       of the in-process classic AGI script for the same outcome, which the relay gives Asterisk as its own.</li>
 * </ul>
 * A daemon from before the relay does not know the script name and fails the call without sending, so the relay,
 * which sees no {@code ok}, sends by itself.
 */
public final class ClassicRelay {

    /** The script name the relay asks for ({@code agi_network_script}). */
    public static final String SCRIPT = "websms-relay";
    /** The environment line naming the websms.conf the script would have read. */
    static final String CONFIG = "agi_websms_config";
    private static final String PREFIX = "websms-relay: ";

    private final Path config;

    /** Takes the calls of scripts that read {@code config}, this daemon's websms.conf. */
    public ClassicRelay(Path config) {
        this.config = config;
    }

    /** Why this daemon does not take a call whose environment is {@code env}; empty when it does. */
    Optional<String> refusal(Map<String, String> env) {
        String theirs = env.getOrDefault(CONFIG, "");
        if (theirs.isEmpty()) {
            return Optional.of("the relay names no configuration (" + CONFIG + ")");
        }
        try {
            if (Files.isSameFile(Path.of(theirs), config)) {
                return Optional.empty();
            }
        } catch (IOException | InvalidPathException e) {
            // not the same file, or none at all
        }
        return Optional.of("this daemon works " + config.toAbsolutePath() + ", not " + theirs);
    }

    /** Tells the relay the call is the daemon's. */
    static void accept(AgiChannel channel) throws IOException {
        channel.notice(PREFIX + "ok");
    }

    /** Tells the relay to send by itself, for {@code why}. */
    static void refuse(AgiChannel channel, String why) throws IOException {
        channel.notice(PREFIX + "refused " + LogText.escape(why));
    }

    /** Tells the relay how the in-process script would have ended for {@code outcome}. */
    static void exit(AgiChannel channel, SmsAgiScript.Outcome outcome) throws IOException {
        channel.notice(PREFIX + "exit " + outcome.exitStatus() + (outcome.succeeded() ? "" : " " + LogText.escape(outcome.error())));
    }
}
