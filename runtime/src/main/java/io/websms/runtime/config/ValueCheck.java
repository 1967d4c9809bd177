package io.websms.runtime.config;

import io.websms.runtime.provider.ProviderRegistry;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks one value against its key's {@link ValueType}. A check may also normalize the value (a {@code url_host}
 * without a scheme gets {@code http://}, as curl gave it in the original).
 */
final class ValueCheck {

    /** The value to use, and what is wrong with the one written, if anything. */
    record Outcome(String value, Diagnostic.Severity severity, String message, String fix) {

        static Outcome ok(String value) {
            return new Outcome(value, null, "", "");
        }

        static Outcome error(String value, String message, String fix) {
            return new Outcome(value, Diagnostic.Severity.ERROR, message, fix);
        }

        static Outcome warning(String value, String message, String fix) {
            return new Outcome(value, Diagnostic.Severity.WARNING, message, fix);
        }

        boolean hasProblem() {
            return severity != null;
        }
    }

    private static final Set<String> NUMBER_FORMATS = Set.of("", "e164", "e.164", "no+", "e.123", "e123");
    private static final Set<String> BOOLEANS = Set.of("", "0", "1", "yes", "no", "true", "false", "on", "off", "none", "null");

    private ValueCheck() {
    }

    static Outcome check(KeySpec spec, String value, ProviderRegistry registry) {
        Outcome outcome = checkType(spec, value, registry);
        if (spec.secret() && outcome.hasProblem() && !value.isEmpty()) {
            // A secret is never shown, not even the one a message is about.
            return new Outcome(outcome.value(), outcome.severity(), outcome.message().replace(value, Redaction.MASK),
                    outcome.fix().replace(value, Redaction.MASK));
        }
        return outcome;
    }

    private static Outcome checkType(KeySpec spec, String value, ProviderRegistry registry) {
        String shown = "'" + value + "'";
        return switch (spec.type()) {
            case TEXT, PROVIDER -> Outcome.ok(value);
            case CALL_FILE_TEXT -> value.chars().anyMatch(c -> c < ' ' || c == 127) || value.indexOf(';') >= 0 || value.matches("(?s).*(^|\\s)#.*")
                    ? Outcome.error(value, shown.replace("\n", "\\n") + " would break the call file: Asterisk reads ; and a # after a blank as the start of a comment, and a line break ends the line",
                    "write a value without ;, # and line breaks")
                    : Outcome.ok(value);
            case URL -> url(spec, value);
            case PATH -> value.isEmpty() || value.startsWith("/") ? Outcome.ok(value)
                    : Outcome.error(value, shown + " is not a path", "start it with /, e.g. " + spec.name() + " = /" + value);
            case PATH_LIST -> pathList(spec, value);
            case INTEGER -> !value.matches("\\d+")
                    ? Outcome.error(value, shown + " is not a whole number",
                    "write a whole number, e.g. " + spec.name() + " = " + (spec.defaultValue().isEmpty() ? "1" : spec.defaultValue()))
                    : inRange(spec, value);
            case BOOLEAN -> !BOOLEANS.contains(value.toLowerCase(Locale.ROOT))
                    ? Outcome.error(value, shown + " is not yes or no", "write " + spec.name() + " = yes or " + spec.name() + " = no")
                    : spec.name().equals("tls_verify") && !isTrue(value)
                    ? Outcome.warning(value, "the ITSP's TLS certificate is not checked, so anyone on the path can read and change your messages and credentials",
                    "remove tls_verify (or write tls_verify = yes), and give the JVM the ITSP's CA if it is a private one")
                    : Outcome.ok(value);
            case CIDR_LIST -> {
                try {
                    CidrList.parse(value);
                    yield Outcome.ok(value);
                } catch (IllegalArgumentException e) {
                    yield Outcome.error(value, e.getMessage(),
                            "write addresses or CIDR ranges separated by commas, e.g. " + spec.name() + " = 185.45.152.42,3.104.90.0/24,2001:db8::/32");
                }
            }
            case KEY_VALUE_LIST -> keyValueList(spec, value);
            case DIRECTORY -> {
                try {
                    Path.of(value);
                    yield value.isEmpty() ? Outcome.error(value, "no folder is given", "name a folder, e.g. " + spec.name() + " = " + spec.defaultValue())
                            : Outcome.ok(value);
                } catch (InvalidPathException e) {
                    yield Outcome.error(value, shown + " is not a folder name", "name a folder, e.g. " + spec.name() + " = " + spec.defaultValue());
                }
            }
            case FILE_MODE -> !(value.isEmpty() || value.matches("0?[0-7]{3}"))
                    ? Outcome.error(value, shown + " is not an octal file mode", "write three octal digits, e.g. " + spec.name() + " = 0660")
                    : !value.isEmpty() && (Integer.parseInt(value, 8) & 0444) == 0
                    ? Outcome.error(value, shown + " lets nobody read the call files, so Asterisk could not read them",
                    "give Asterisk's user or group the right to read, e.g. " + spec.name() + " = 0660")
                    : Outcome.ok(value);
            case OWNER -> !(value.isEmpty() || value.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?"))
                    ? Outcome.error(value, shown + " is not a user or user:group", "write e.g. " + spec.name() + " = asterisk:asterisk")
                    : owner(spec, value);
            case AUTH_METHOD -> value.isEmpty() || registry.authSchemes().containsKey(value) ? Outcome.ok(value)
                    : Outcome.warning(value, shown + " is no known auth method, so messages go out without credentials (as in the original); known: "
                    + String.join(", ", registry.authSchemes().keySet()),
                    Suggestions.closest(value, registry.authSchemes().keySet()).map(s -> "write " + spec.name() + " = " + s)
                            .orElse("write one of the known methods, or add the plugin that provides it"));
            case NUMBER_FORMAT -> NUMBER_FORMATS.contains(value.toLowerCase(Locale.ROOT)) ? Outcome.ok(value)
                    : Outcome.warning(value, shown + " is no known number format, so numbers are sent as given",
                    "write " + spec.name() + " = E164 to drop the leading + (or 00), or leave it empty");
            case UNICODE_POLICY -> {
                String lower = value.toLowerCase(Locale.ROOT);
                yield lower.isEmpty() || lower.equals("ucs-2") || lower.equals("utf-8") || value.indexOf('=') > 0 ? Outcome.ok(value)
                        : Outcome.warning(value, shown + " is neither UCS-2, UTF-8 nor key=value, so it does nothing",
                        "write " + spec.name() + " = UCS-2, or \"key=value\" to flag texts with emoji");
            }
            case RESPONSE_CHECK -> responseCheck(spec, value);
            case SECONDS -> !value.matches("\\d+(\\.\\d{1,3})?")
                    ? Outcome.error(value, shown + " is not a number of seconds", "write e.g. " + spec.name() + " = " + spec.defaultValue())
                    : inRange(spec, value);
            case BODY_FORMAT -> value.equalsIgnoreCase("form") || value.equalsIgnoreCase("json") ? Outcome.ok(value.toLowerCase(Locale.ROOT))
                    : Outcome.error(value, shown + " is neither form nor json", "write " + spec.name() + " = form (or json for JSON-only APIs)");
            case LISTEN_ADDRESS -> listenAddress(spec, value);
            case HOST_PORT -> ListenAddress.parse(value).isPresent() ? Outcome.ok(value)
                    : Outcome.error(value, shown + " is not host:port", "write e.g. " + spec.name() + " = " + spec.defaultValue());
            case DELIVERY -> value.equalsIgnoreCase("callfile") || value.equalsIgnoreCase("ami") ? Outcome.ok(value.toLowerCase(Locale.ROOT))
                    : Outcome.error(value, shown + " is neither callfile nor ami", "write " + spec.name() + " = callfile (or ami for the Asterisk Manager Interface)");
            case AMI_MODE -> value.equalsIgnoreCase("dialplan") || value.equalsIgnoreCase("direct") ? Outcome.ok(value.toLowerCase(Locale.ROOT))
                    : Outcome.error(value, shown + " is neither dialplan nor direct", "write " + spec.name() + " = dialplan (or direct)");
            case ENDPOINT_MAP -> endpointMap(spec, value);
            case HTTP_METHOD -> value.equalsIgnoreCase("post") || value.equalsIgnoreCase("get") ? Outcome.ok(value.toUpperCase(Locale.ROOT))
                    : Outcome.error(value, shown + " is neither POST nor GET", "write " + spec.name() + " = POST (or GET for APIs that take query parameters)");
            case RATE -> {
                try {
                    if (!value.isBlank()) {
                        io.websms.runtime.ratelimit.Rate.parse(value);
                    }
                    yield Outcome.ok(value);
                } catch (IllegalArgumentException e) {
                    yield Outcome.error(value, e.getMessage(), "write e.g. " + spec.name() + " = 1/s (or 60/min, 1000/day), or leave it empty for no limit");
                }
            }
            case STORE -> {
                try {
                    yield Outcome.ok(io.websms.runtime.store.StoreAddress.parse(value).toString());
                } catch (IllegalArgumentException e) {
                    yield Outcome.error(Redaction.of(spec.name(), value), e.getMessage(), "write " + spec.name()
                            + " = local, or " + spec.name() + " = postgresql://websms@db.example.com:5432/websms and give the password in store_password_file or PGPASSWORD");
                }
            }
            case MESSAGE_ENCODING -> value.equalsIgnoreCase("rfc3986") ? Outcome.ok(value)
                    : Outcome.error(value, shown + " is not supported: a body must be encoded to stay on one call-file line",
                    "write " + spec.name() + " = rfc3986 (or remove the line)");
        };
    }

    private static Outcome responseCheck(KeySpec spec, String value) {
        if (value.isEmpty() || value.indexOf('=') > 0) {
            return Outcome.ok(value);
        }
        char delimiter = value.charAt(0);
        if (Character.isLetterOrDigit(delimiter) || Character.isWhitespace(delimiter) || delimiter == '\\' || delimiter == '=') {
            return Outcome.warning(value, "'" + value + "' is neither key=value nor /regex/, so no reply will pass it",
                    "write e.g. " + spec.name() + " = \"status=success\"");
        }
        String problem = regexProblem(value);
        return problem == null ? Outcome.ok(value)
                : Outcome.error(value, "'" + value + "' is not a regex websms can use (" + problem + "), so every send would fail",
                "correct it, e.g. " + spec.name() + " = \"/^OK/i\" (flags: i, m, s, x, u)");
    }

    /**
     * Why {@code text}, a PHP {@code /pattern/flags} regex, does not compile as the generic provider's response
     * checker compiles it (the first character is the delimiter; flags i, m, s, x, u); null when it does.
     */
    static String regexProblem(String text) {
        char delimiter = text.charAt(0);
        int end = text.lastIndexOf(delimiter);
        if (end <= 0) {
            return "no closing " + delimiter;
        }
        int flags = 0;
        for (char flag : text.substring(end + 1).toCharArray()) {
            switch (flag) {
                case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> flags |= Pattern.MULTILINE;
                case 's' -> flags |= Pattern.DOTALL;
                case 'x' -> flags |= Pattern.COMMENTS;
                case 'u' -> flags |= Pattern.UNICODE_CHARACTER_CLASS;
                default -> {
                    return "unknown flag " + flag;
                }
            }
        }
        try {
            Pattern.compile(text.substring(1, end), flags);
            return null;
        } catch (PatternSyntaxException e) {
            return e.getDescription() + " at " + e.getIndex();
        }
    }

    /**
     * A user (and group) that does not exist here is an error: each call file would then fail to get it, with a
     * warning per message. Looked up as the call files are given them, so a number is a uid (gid) as well.
     */
    private static Outcome owner(KeySpec spec, String value) {
        if (value.isEmpty()) {
            return Outcome.ok(value);
        }
        int colon = value.indexOf(':');
        String user = colon < 0 ? value : value.substring(0, colon);
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        String missing = null;
        try {
            missing = "user '" + user + "'";
            lookup.lookupPrincipalByName(user);
            if (colon >= 0) {
                missing = "group '" + value.substring(colon + 1) + "'";
                lookup.lookupPrincipalByGroupName(value.substring(colon + 1));
            }
            return Outcome.ok(value);
        } catch (UserPrincipalNotFoundException e) {
            return Outcome.error(value, "this machine has no " + missing + ", so no call file could be given to it",
                    "name a user (and group) that exists where websmsd writes call files, e.g. " + spec.name() + " = asterisk:asterisk (see getent passwd)");
        } catch (IOException | UnsupportedOperationException e) {
            return Outcome.ok(value); // no user database to ask: the call files will say
        }
    }

    private static Outcome listenAddress(KeySpec spec, String value) {
        if (value.isEmpty()) {
            return Outcome.ok(value);
        }
        Optional<ListenAddress> address = ListenAddress.parse(value);
        if (address.isEmpty()) {
            return Outcome.error(value, "'" + value + "' is not host:port", "write e.g. " + spec.name() + " = 127.0.0.1:4573 (or leave it empty to turn it off)");
        }
        if (spec.name().equals("agi_addr") && !address.get().isLoopback()) {
            return Outcome.warning(value, "FastAGI has no authentication: anyone who can reach " + address.get()
                            + " can send SMS through your ITSP account",
                    "write agi_addr = 127.0.0.1:" + address.get().port() + " when Asterisk runs on this machine; else let only Asterisk's address reach the port (firewall)");
        }
        return Outcome.ok(value);
    }

    /** PHP's truth: 1, yes, true, on. */
    static boolean isTrue(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> true;
            default -> false;
        };
    }

    /**
     * A number outside its key's range is an error: too large a one overflows where it is used (four times
     * {@code http_max_requests} connections), and a 0 must not quietly mean "none" or "no limit".
     */
    private static Outcome inRange(KeySpec spec, String value) {
        KeySpec.Range range = spec.range();
        if (range == null) {
            return Outcome.ok(value);
        }
        String digits = value.replaceFirst("^0+(?=\\d)", "");
        // More digits than any bound has: too large, without making a number of a megabyte of digits.
        boolean tooLarge = digits.indexOf('.') < 0 ? digits.length() > 18 : digits.indexOf('.') > 18;
        BigDecimal number = tooLarge ? null : new BigDecimal(digits);
        String unit = spec.type() == ValueType.SECONDS ? " seconds" : "";
        String example = spec.name() + " = " + (spec.defaultValue().isEmpty() ? range.min().toPlainString() : spec.defaultValue());
        if (tooLarge || number.compareTo(range.max()) > 0) {
            return Outcome.error(value, "'" + clip(value) + "' is more than " + spec.name() + " allows: at most " + range.max().toPlainString() + unit,
                    "write a number from " + range + ", e.g. " + example);
        }
        if (number.compareTo(range.min()) < 0) {
            return Outcome.error(value, "'" + value + "' is less than " + spec.name() + " allows: at least " + range.min().toPlainString() + unit,
                    "write a number from " + range + ", e.g. " + example);
        }
        return Outcome.ok(value);
    }

    /** A value short enough to show. */
    private static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    private static Outcome url(KeySpec spec, String value) {
        if (value.isEmpty()) {
            return Outcome.ok(value);
        }
        String url = value;
        String shown = Redaction.url(value); // user:password@ and query values are not shown
        Outcome missingScheme = null;
        if (!value.contains("://")) {
            url = "http://" + value;
            missingScheme = Outcome.warning(url, "'" + shown + "' has no scheme; http:// is assumed, as the original did",
                    "write " + spec.name() + " = https://" + shown + " (or http:// if the ITSP has no TLS)");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return Outcome.error(value, "'" + shown + "' is not an http or https URL",
                        "write e.g. " + spec.name() + " = https://api.example.com");
            }
        } catch (URISyntaxException e) {
            return Outcome.error(value, "'" + shown + "' is not a URL (" + e.getReason() + ")",
                    "write e.g. " + spec.name() + " = https://api.example.com");
        }
        return missingScheme != null ? missingScheme : Outcome.ok(url);
    }

    private static Outcome pathList(KeySpec spec, String value) {
        for (String item : value.split(",", -1)) {
            String path = item.strip();
            if (!value.isEmpty() && !path.startsWith("/")) {
                return Outcome.error(value, "'" + path + "' is not a path", "start every path with /, e.g. " + spec.name() + " = /,/hook/1");
            }
        }
        return Outcome.ok(value);
    }

    private static Outcome keyValueList(KeySpec spec, String value) {
        if (value.isEmpty()) {
            return Outcome.ok(value);
        }
        String[] pieces = value.split(",", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i].indexOf('=') <= 0) {
                // Not shown: such a list usually holds an API key.
                return Outcome.warning(value, "item " + (i + 1) + " of " + pieces.length + " is not key=value and is ignored, as in the original",
                        "write " + spec.name() + " = \"key1=value1,key2=value2\"");
            }
        }
        return Outcome.ok(value);
    }

    /** {@code number=endpoint endpoint,…}: a number as Asterisk's extensions are, endpoints without separators. */
    private static Outcome endpointMap(KeySpec spec, String value) {
        try {
            AmiDeliverySettings.endpoints(value);
            return Outcome.ok(value);
        } catch (IllegalArgumentException e) {
            return Outcome.error(value, e.getMessage(), "write " + spec.name() + " = \"+4930123456=alice,+4930123457=bob carol\"");
        }
    }
}
