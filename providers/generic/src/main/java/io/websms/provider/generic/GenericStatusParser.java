package io.websms.provider.generic;

import io.websms.api.ConfigKey;
import io.websms.api.ConfigProblem;
import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.StatusParser;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Status callbacks described in {@code websms.conf} alone, for a form or JSON ITSP without a plugin. The
 * {@code [websms]} keys name the callback's fields ({@code status_key_id}, {@code status_key_status},
 * {@code status_key_error_code}, {@code status_key_error_text}, {@code status_key_time}) and list the ITSP's words for
 * each {@link DeliveryStatus} ({@code status_delivered = delivered,DELIVRD}: a comma list, any case; each defaults to
 * the status's own name). Fields are found as {@link GenericWebhookParser} finds a message's, from the shallowest
 * place they appear ({@link ShallowestFields}): form fields, the query, or the members of a JSON body.
 *
 * <p>One callback gives one report. A status word listed for no status gives a report with an empty status (websms
 * counts it). A missing or blank id or status is a 400 naming the field. The time, when a field is named for it, is
 * read as an ISO-8601 date-time with an offset ({@code 2026-11-02T10:15:30Z}), one without (taken as UTC, as
 * 46elks sends it), or Unix seconds (milliseconds from 10¹¹ on); a time that is none of these is left out, never a
 * reason to refuse the callback.
 */
public final class GenericStatusParser implements StatusParser {

    /** Longest message id accepted; Twilio's are 34 characters, UUIDs 36. */
    static final int MAX_ID_LENGTH = 256;

    /** The {@code [websms]} keys this parser reads, with their defaults: the generic provider declares them. */
    public static final List<ConfigKey> KEYS = keys();

    private static List<ConfigKey> keys() {
        List<ConfigKey> keys = new ArrayList<>();
        keys.add(key("status_key_id", "id", "Name of the status callback's field holding the ITSP's message id (the id its reply to the send gave)."));
        keys.add(key("status_key_status", "status", "Name of the status callback's field holding the ITSP's word for the status."));
        keys.add(key("status_key_error_code", "", "Name of the status callback's field holding the ITSP's error code; empty reads none."));
        keys.add(key("status_key_error_text", "", "Name of the status callback's field holding the ITSP's error description; empty reads none."));
        keys.add(key("status_key_time", "", "Name of the status callback's field holding when the status changed (ISO 8601 or Unix seconds); empty uses the arrival time."));
        for (DeliveryStatus status : DeliveryStatus.values()) {
            keys.add(key(wordsKey(status), status.wireName(), "The ITSP's words (comma list, any case) that mean " + status.wireName() + " in a status callback."));
        }
        return List.copyOf(keys);
    }

    private static ConfigKey key(String name, String defaultValue, String description) {
        return ConfigKey.builder(Direction.OUTBOUND, name).defaultValue(defaultValue).description(description).build();
    }

    /** The key listing the ITSP's words for {@code status}: {@code status_delivered}. */
    static String wordsKey(DeliveryStatus status) {
        return "status_" + status.wireName();
    }

    @Override
    public List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String idKey = config.value("status_key_id");
        String statusKey = config.value("status_key_status");
        if (idKey.isEmpty() || statusKey.isEmpty()) {
            // check() stops websms from starting like this; a parser used without it still says what is wrong.
            throw WebhookException.badRequest(idKey.isEmpty() ? "status_key_id" : "status_key_status", "not set in websms.conf, so no status callback can be read");
        }
        // An unset optional key is null: it matches no field, not even one named "".
        List<String> names = Arrays.asList(idKey, statusKey, named(config, "status_key_error_code"),
                named(config, "status_key_error_text"), named(config, "status_key_time"));
        String[] found = ShallowestFields.find(request, names, null);
        String id = messageId(found[0], idKey);
        String raw = found[1] == null ? "" : found[1].strip();
        if (raw.isEmpty()) {
            throw WebhookException.badRequest(statusKey, "the status is missing");
        }
        return List.of(StatusReport.builder(id).rawStatus(raw).status(status(raw, config))
                .errorCode(found[2]).errorText(found[3]).time(time(found[4])).build());
    }

    private static String named(InterfaceConfig config, String key) {
        return config.isSet(key) ? config.value(key) : null;
    }

    /**
     * The message id in {@code value}, stripped, for the field {@code field}: refused with a 400 when it is missing,
     * longer than 256 characters or holds a control character (an id goes into logs and the ledger).
     */
    public static String messageId(String value, String field) throws WebhookException {
        String id = value == null ? "" : value.strip();
        if (id.isEmpty()) {
            throw WebhookException.badRequest(field, "the message id is missing");
        }
        if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw WebhookException.badRequest(field, "not a message id (at most " + MAX_ID_LENGTH + " characters, no control characters)");
        }
        return id;
    }

    /** The status whose word list (in {@code config}) holds {@code raw}, in any case; null when none does. */
    static DeliveryStatus status(String raw, InterfaceConfig config) {
        for (DeliveryStatus status : DeliveryStatus.values()) {
            for (String word : config.value(wordsKey(status)).split(",")) {
                if (!word.isBlank() && word.strip().equalsIgnoreCase(raw)) {
                    return status;
                }
            }
        }
        return null;
    }

    /** {@code value} as an instant, or null when it is empty or no time websms reads. */
    static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.matches("\\d{1,18}")) {
                long n = Long.parseLong(v);
                return n < 100_000_000_000L ? Instant.ofEpochSecond(n) : Instant.ofEpochMilli(n);
            }
            if (v.length() > 19 && (v.endsWith("Z") || v.endsWith("z") || v.matches(".*[+-]\\d{2}(:?\\d{2})?$"))) {
                return OffsetDateTime.parse(v.replace(' ', 'T').toUpperCase(Locale.ROOT)).toInstant();
            }
            return LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * Problems of an outgoing interface that takes status callbacks ({@code status_path} set): the id and status
     * fields must be named, and no word may mean two statuses.
     */
    static List<ConfigProblem> check(InterfaceConfig config) {
        if (config.direction() != Direction.OUTBOUND || !config.isSet("status_path")) {
            return List.of();
        }
        List<ConfigProblem> problems = new ArrayList<>();
        if (!config.isSet("status_key_id")) {
            problems.add(ConfigProblem.error("status_key_id", "status_path is set, but no status callback field is named for the message id",
                    "set status_key_id to the field that holds the ITSP's message id, e.g. status_key_id = id"));
        }
        if (!config.isSet("status_key_status")) {
            problems.add(ConfigProblem.error("status_key_status", "status_path is set, but no status callback field is named for the status",
                    "set status_key_status to the field that holds the ITSP's status word, e.g. status_key_status = status"));
        }
        Map<String, DeliveryStatus> seen = new HashMap<>();
        for (DeliveryStatus status : DeliveryStatus.values()) {
            for (String word : config.value(wordsKey(status)).split(",")) {
                if (word.isBlank()) {
                    continue;
                }
                DeliveryStatus earlier = seen.putIfAbsent(word.strip().toLowerCase(Locale.ROOT), status);
                if (earlier != null && earlier != status) {
                    problems.add(ConfigProblem.error(wordsKey(status), "'" + word.strip() + "' is also in " + wordsKey(earlier)
                            + ": a word of the ITSP can mean one status only", "remove it from " + wordsKey(status) + " or " + wordsKey(earlier)));
                }
            }
        }
        return problems;
    }
}
