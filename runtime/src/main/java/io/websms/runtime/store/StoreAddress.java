package io.websms.runtime.store;

import io.websms.runtime.config.Redaction;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the daemon keeps the state several daemons share: {@code store = local} (files in {@code state_dir}, one
 * daemon) or {@code store = postgresql://user@host:port/db}, with optional JDBC parameters after {@code ?} (such as
 * {@code sslmode=verify-full} or {@code currentSchema=websms}). The password is never part of it: it comes from
 * {@code store_password_file} or {@code PGPASSWORD}, so that it is in no configuration line and no log line.
 *
 * @param user     the PostgreSQL user; empty for local stores
 * @param host     the server's host; empty for local stores
 * @param port     the server's port (5432 when not written)
 * @param database the database
 * @param options  the JDBC parameters after {@code ?}, or empty
 */
public record StoreAddress(String user, String host, int port, String database, String options) {

    /** The default: files in {@code state_dir}. */
    public static final StoreAddress LOCAL = new StoreAddress("", "", 0, "", "");

    /** Whether this is the local store. */
    public boolean isLocal() {
        return host.isEmpty();
    }

    /**
     * {@code value} as a store address.
     *
     * @throws IllegalArgumentException saying what is wrong, the value shown without a password
     */
    public static StoreAddress parse(String value) {
        String text = value.strip();
        if (text.isEmpty() || text.equalsIgnoreCase("local")) {
            return LOCAL;
        }
        String shown = "'" + Redaction.password(text) + "'";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(shown + " is neither local nor a postgresql:// URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException(shown + " is neither local nor a postgresql:// URL");
        }
        String userInfo = Optional.ofNullable(uri.getRawUserInfo()).orElse("");
        if (userInfo.contains(":")) {
            throw new IllegalArgumentException("the store's URL holds a password, which would be in every copy of this file");
        }
        if (userInfo.isEmpty()) {
            throw new IllegalArgumentException(shown + " names no user");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(shown + " names no host");
        }
        String path = Optional.ofNullable(uri.getPath()).orElse("");
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException(shown + " names no database (postgresql://user@host:port/database)");
        }
        String options = Optional.ofNullable(uri.getRawQuery()).orElse("");
        for (String option : options.split("&")) {
            if (option.toLowerCase(Locale.ROOT).startsWith("password=")) {
                throw new IllegalArgumentException("the store's URL holds a password, which would be in every copy of this file");
            }
        }
        return new StoreAddress(uri.getUserInfo(), uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path.substring(1), options);
    }

    /** The JDBC URL, without user and password (they go as properties). */
    public String jdbcUrl() {
        String hostPart = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + database + (options.isEmpty() ? "" : "?" + options);
    }

    /** As written in the configuration: {@code local}, or the URL (which holds no password). */
    @Override
    public String toString() {
        if (isLocal()) {
            return "local";
        }
        String hostPart = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "postgresql://" + user + "@" + hostPart + ":" + port + "/" + database + (options.isEmpty() ? "" : "?" + options);
    }
}
