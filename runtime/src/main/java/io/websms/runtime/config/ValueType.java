package io.websms.runtime.config;

import io.websms.api.ConfigKey;

/** How the value of a key is checked. {@link ConfigKey.Type} plus what only websms's own keys need. */
public enum ValueType {
    TEXT, URL, PATH, INTEGER, BOOLEAN, CIDR_LIST, KEY_VALUE_LIST,
    /** A comma-separated list of URL paths, each starting with {@code /}. */
    PATH_LIST,
    /** A folder on this machine. */
    DIRECTORY,
    /** Octal permission bits such as {@code 0660}. */
    FILE_MODE,
    /** A user, or {@code user:group}, by name or number. */
    OWNER,
    /** The name of a provider websms has found. */
    PROVIDER,
    /** The name of an auth scheme websms has found; empty means none. */
    AUTH_METHOD,
    /** {@code E164}, {@code E.164}, {@code no+}, {@code E.123} or empty. */
    NUMBER_FORMAT,
    /** {@code UCS-2}, {@code UTF-8}, {@code key=value} or empty. */
    UNICODE_POLICY,
    /** {@code key=value} or {@code /regex/}. */
    RESPONSE_CHECK,
    /** {@code rfc3986}. */
    MESSAGE_ENCODING,
    /** Text written into a call file: no line break, no {@code ;} and no {@code  #} (Asterisk's comments). */
    CALL_FILE_TEXT,
    /** A number of seconds, decimals allowed: {@code 5}, {@code 0.5}. */
    SECONDS,
    /** {@code form} or {@code json}. */
    BODY_FORMAT,
    /** {@code host:port}, {@code [v6]:port}, or empty for off. */
    LISTEN_ADDRESS,
    /** {@code host:port} of a server to connect to. */
    HOST_PORT,
    /** {@code callfile} or {@code ami}. */
    DELIVERY,
    /** {@code dialplan} or {@code direct}. */
    AMI_MODE,
    /** {@code number=endpoint endpoint,number=endpoint}. */
    ENDPOINT_MAP,
    /** {@code N/s}, {@code N/min}, {@code N/h}, {@code N/day}, or empty for none. */
    RATE,
    /** {@code POST} or {@code GET}. */
    HTTP_METHOD,
    /** {@code local} or {@code postgresql://user@host:port/database}, without a password. */
    STORE;

    static ValueType of(ConfigKey.Type type) {
        return switch (type) {
            case TEXT -> TEXT;
            case URL -> URL;
            case PATH -> PATH;
            case INTEGER -> INTEGER;
            case BOOLEAN -> BOOLEAN;
            case CIDR_LIST -> CIDR_LIST;
            case KEY_VALUE_LIST -> KEY_VALUE_LIST;
        };
    }
}
