package io.websms.runtime.amidelivery;

import io.websms.runtime.ami.AmiClient;
import io.websms.runtime.ami.AmiMessage;
import io.websms.runtime.asterisk.CallFile;
import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.inbox.InboxEntry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ami_mode = dialplan}: an {@code Originate} of the Local channel a call file would ask for, into the same
 * {@code channel_context}, {@code context} (or {@code application}) and extension, with the same variables, so that
 * PrivateDial and any dialplan written for call files run unchanged. The action is the message's {@link CallFile},
 * line for line: {@code setvar:} lines become {@code Variable:} headers, {@code WaitTime} the {@code Timeout}. Asterisk
 * retries nothing here: a failed Originate stays in the inbox and is tried again by the courier.
 */
final class DialplanHandoff implements Handoff {

    /**
     * Asterisk 22 reads at most 128 headers of one action ({@code AST_MAX_MANHEADERS}); the rest are dropped. The
     * fixed ones take 13 at most, which leaves this many for the body's parts.
     */
    static final int MAX_BODY_PARTS = 110;

    private final AmiClient ami;

    DialplanHandoff(AmiClient ami) {
        this.ami = ami;
    }

    /**
     * The {@code Originate} for {@code message}.
     *
     * @throws IllegalArgumentException naming the field a call file could not carry, or when the text needs more
     *                                  parts than one action can hold
     */
    static AmiMessage originate(io.websms.api.Message message, AstQueueSettings queue) {
        CallFile file = CallFile.of(message, queue);
        AmiMessage.Builder action = AmiMessage.action("Originate");
        int parts = 0;
        for (String line : file.lines()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "Channel", "CallerID", "Account", "Application", "Data", "Context", "Priority" -> action.add(name, value);
                case "Extension" -> action.add("Exten", value);
                case "WaitTime" -> action.add("Timeout", Long.toString(Long.parseLong(value) * 1000));
                case "setvar" -> {
                    action.add("Variable", value);
                    parts += value.startsWith("MESSAGE(body)=") || value.startsWith("WEBSMS_BODY_") ? 1 : 0;
                }
                default -> {
                    // MaxRetries, RetryTime, Archive: the spool's own; the courier retries instead
                }
            }
        }
        if (parts > MAX_BODY_PARTS) {
            throw new IllegalArgumentException("body: too long for the AMI: it takes " + parts + " parts of " + CallFile.PART_LIMIT
                    + " encoded characters, and one Originate holds at most " + MAX_BODY_PARTS + "; deliver such texts with delivery = callfile");
        }
        return action.add("Async", "true").build();
    }

    @Override
    public Outcome deliver(InboxEntry entry, AstQueueSettings queue, Progress progress) {
        AmiMessage action = originate(entry.message(), queue);
        Duration wait = Duration.ofSeconds(queue.waitTime()).plusSeconds(10);
        AmiMessage answer;
        try {
            answer = ami.sendForEvent(action, "OriginateResponse", wait).get(wait.toMillis() + ami.settings().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return Outcome.held("Originate: " + e.getCause().getMessage(), List.of());
        } catch (TimeoutException e) {
            return Outcome.held("Originate: no answer from the AMI", List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.held("Originate: interrupted", List.of());
        }
        if (answer.get("Event").isEmpty()) {
            return Outcome.held("Originate refused: " + answer.get("Message").orElse(answer.toString()), List.of());
        }
        if (!answer.get("Response").orElse("").equalsIgnoreCase("Success")) {
            return Outcome.held("Originate failed (OriginateResponse " + answer.get("Response").orElse("?") + ", reason "
                    + answer.get("Reason").orElse("?") + "): does " + queue.channelContext() + " answer " + entry.message().to() + "?", List.of());
        }
        return Outcome.delivered("dialplan channel " + answer.get("Channel").orElse("?"), List.of());
    }
}
