package io.websms.runtime.asterisk;

import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.runtime.config.AstQueueSettings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An Asterisk call file that delivers one incoming SMS to the dialplan, line for line as the original wrote it:
 *
 * <pre>
 * Channel: Local/&lt;to&gt;@&lt;channel_context&gt;
 * CallerID: "" &lt;&lt;from&gt;&gt;
 * WaitTime, MaxRetries, RetryTime, Account, Application, Data, Context
 * Extension: &lt;to&gt;
 * Priority, Archive
 * setvar: MESSAGE(to)=&lt;to&gt;
 * setvar: MESSAGE(from)=&lt;from&gt;
 * setvar: MESSAGE(body)=&lt;body, RFC 3986 encoded&gt;
 * setvar: MESSAGE_ENCODE=rfc3986
 * </pre>
 *
 * each line only when it has a value. Asterisk skips a line longer than 1022 characters (and then sends an empty
 * message), so a body whose encoding is longer than {@link #PART_LIMIT} is cut, at character boundaries, into
 * parts: {@code MESSAGE(body)} holds the first, and {@code WEBSMS_BODY_PARTS} and {@code WEBSMS_BODY_2},
 * {@code WEBSMS_BODY_3}, … follow {@code MESSAGE_ENCODE} for the dialplan to join. A body that fits gives exactly the
 * original's file.
 *
 * <p>Numbers are checked again here, whatever a provider let through: a call file never holds a line break, a
 * {@code ;} (Asterisk's comment) or anything else a number has no business holding.
 */
public final class CallFile {

    /** The longest encoded body part on one line: well below Asterisk's 1022, with room for the variable name. */
    public static final int PART_LIMIT = 960;

    private final List<String> lines;

    private CallFile(List<String> lines) {
        this.lines = Collections.unmodifiableList(lines);
    }

    /**
     * The call file for {@code message}.
     *
     * @throws IllegalArgumentException naming the field when a number could break the file
     */
    public static CallFile of(Message message, AstQueueSettings queue) {
        checkNumbers(message);
        String to = message.to();
        String from = message.from();
        List<String> lines = new ArrayList<>();
        lines.add("Channel: Local/" + to + "@" + queue.channelContext());
        lines.add("CallerID: \"\" <" + from + ">");
        add(lines, "WaitTime", Integer.toString(queue.waitTime()));
        add(lines, "MaxRetries", Integer.toString(queue.maxRetries()));
        add(lines, "RetryTime", Integer.toString(queue.retryTime()));
        add(lines, "Account", queue.account());
        add(lines, "Application", queue.application());
        add(lines, "Data", queue.data());
        add(lines, "Context", queue.context());
        lines.add("Extension: " + to);
        add(lines, "Priority", Integer.toString(queue.priority()));
        add(lines, "Archive", queue.archive());
        lines.add("setvar: MESSAGE(to)=" + to);
        lines.add("setvar: MESSAGE(from)=" + from);
        List<String> parts = parts(message.body());
        lines.add("setvar: MESSAGE(body)=" + parts.get(0));
        if (!queue.messageEncode().isEmpty()) {
            lines.add("setvar: MESSAGE_ENCODE=" + queue.messageEncode());
        }
        if (parts.size() > 1) {
            lines.add("setvar: WEBSMS_BODY_PARTS=" + parts.size());
            for (int i = 1; i < parts.size(); i++) {
                lines.add("setvar: WEBSMS_BODY_" + (i + 1) + "=" + parts.get(i));
            }
        }
        return new CallFile(lines);
    }

    /**
     * Checks the numbers of {@code message} as every way to Asterisk needs them: the destination a number, the sender
     * a number or sender name; nothing that could break a call-file line or an AMI header.
     *
     * @throws IllegalArgumentException naming the field
     */
    public static void checkNumbers(Message message) {
        if (!PhoneNumbers.isNumber(message.to())) {
            throw new IllegalArgumentException("to: not a phone number (digits with an optional leading +)");
        }
        if (!PhoneNumbers.isSender(message.from())) {
            throw new IllegalArgumentException("from: not a phone number or sender name");
        }
    }

    /** Adds {@code Name: value} when there is a value, as the original did. */
    private static void add(List<String> lines, String name, String value) {
        if (value != null && !value.isEmpty()) {
            lines.add(name + ": " + value);
        }
    }

    /** The RFC 3986 encoding of {@code body}, cut at character boundaries into parts of at most {@link #PART_LIMIT}. */
    static List<String> parts(String body) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < body.length(); ) {
            int cp = body.codePointAt(i);
            int start = part.length();
            Rfc3986.appendCodePoint(part, cp);
            if (part.length() > PART_LIMIT) {
                // This character no longer fits: it starts the next part.
                parts.add(part.substring(0, start));
                part.delete(0, start);
            }
            i += Character.charCount(cp);
        }
        parts.add(part.toString());
        return parts;
    }

    /** The lines, without line ends. */
    public List<String> lines() {
        return lines;
    }

    /** The file's bytes: the lines, each ended by a newline. */
    public byte[] bytes() {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
