package io.websms.runtime.config;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The texts of the notices websms sends a sender about a message's fate: defaults and their placeholders. */
public final class SenderNoticeText {

    /** The default {@code notify_text}. */
    public static final String FAILED = "Not delivered to {to}: {reason} ({code}) [id {id}]";
    /** The default {@code notify_delivered_text}. */
    public static final String DELIVERED = "Delivered to {to} [id {id}]";
    /** The placeholders a notice text may hold. */
    public static final Set<String> PLACEHOLDERS = Set.of("to", "reason", "code", "id", "status");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]*)}");

    private SenderNoticeText() {
    }

    /** The first placeholder in {@code template} that is none of {@link #PLACEHOLDERS}, or null. */
    public static String unknownPlaceholder(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                return m.group();
            }
        }
        return null;
    }
}
