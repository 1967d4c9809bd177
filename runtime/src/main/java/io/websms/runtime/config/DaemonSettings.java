package io.websms.runtime.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The single-valued keys of {@code [websmsd]}, typed: how the daemon listens and whom it trusts, before any
 * interface is chosen.
 *
 * @param proxyAddresses {@code prox_addr}: the reverse proxies whose {@code prox_header} is trusted
 * @param proxyHeader    {@code prox_header}, as written ({@code HTTP_X_FORWARDED_FOR} is PHP's name for
 *                       {@code X-Forwarded-For})
 * @param httpAddress    {@code http_addr}: where the webhook server listens; empty when only WEBSMSD_PORT says
 * @param maxBody        {@code http_max_body}: the largest webhook body accepted, in bytes
 * @param bodyTimeout    {@code http_body_timeout}: how long a webhook's body may take to arrive
 * @param maxRequests    {@code http_max_requests}: webhooks served at once
 * @param agiAddress     {@code agi_addr}: where the FastAGI server listens; empty when it is off
 * @param adminAddress   {@code admin_addr}: where {@code GET /health} is served; empty when it is off
 * @param dedupeWindow   {@code dedupe_window}: how long a stored message's ITSP id is kept; zero keeps none
 * @param stateDir       {@code state_dir}: the folder of the daemon's own state
 * @param outboxMax      {@code outbox_max}: the most outgoing SMS the outbox holds
 * @param dedupeContent  {@code dedupe_content}: how long the same to, from and text count as one message; zero for never
 * @param headTimeout    {@code http_head_timeout}: how long a new webhook connection may take to send a request head
 * @param idleTimeout    {@code http_idle_timeout}: how long a kept-alive webhook connection may stay silent
 * @param maxPerAddress  {@code http_max_per_address}: webhook connections one client address may hold
 * @param agiTimeout     {@code agi_timeout}: how long Asterisk may take to send a FastAGI call's variables or a reply
 * @param ledgerDays     {@code ledger_days}: how long the message ledger keeps an outgoing SMS
 * @param ledgerBody     {@code ledger_body}: whether the message ledger keeps the text of each outgoing SMS
 * @param store          {@code store}: where the state several daemons share is kept
 * @param storePasswordFile {@code store_password_file}: the file holding the store's password, or empty
 * @param storeLease     {@code store_lease}: how long a daemon holds an outbox message of a shared store after it stopped renewing
 */
public record DaemonSettings(CidrList proxyAddresses, String proxyHeader, String httpAddress, int maxBody, Duration bodyTimeout,
                             int maxRequests, String agiAddress, String adminAddress, Duration dedupeWindow, Path stateDir,
                             int outboxMax, Duration dedupeContent, Duration headTimeout, Duration idleTimeout,
                             int maxPerAddress, Duration agiTimeout, Duration ledgerDays, boolean ledgerBody,
                             io.websms.runtime.store.StoreAddress store, String storePasswordFile,
                             Duration storeLease) {

    static DaemonSettings of(java.util.Map<String, String> values) {
        return new DaemonSettings(
                CidrList.parse(values.get("prox_addr")),
                values.get("prox_header"),
                values.get("http_addr"),
                Integer.parseInt(values.get("http_max_body")),
                seconds(values.get("http_body_timeout")),
                Math.max(1, Integer.parseInt(values.get("http_max_requests"))),
                values.get("agi_addr"),
                values.get("admin_addr"),
                Duration.ofSeconds(Long.parseLong(values.get("dedupe_window"))),
                Path.of(values.get("state_dir")),
                Integer.parseInt(values.get("outbox_max")),
                seconds(values.get("dedupe_content")),
                seconds(values.get("http_head_timeout")),
                seconds(values.get("http_idle_timeout")),
                Math.max(1, Integer.parseInt(values.get("http_max_per_address"))),
                seconds(values.get("agi_timeout")),
                Duration.ofDays(Long.parseLong(values.get("ledger_days"))),
                ValueCheck.isTrue(values.get("ledger_body")),
                io.websms.runtime.store.StoreAddress.parse(values.get("store")),
                values.get("store_password_file").strip(),
                seconds(values.get("store_lease")));
    }

    /** A value of seconds (a fraction allowed) as checked by the loader; empty is zero. */
    public static Duration seconds(String value) {
        return value.isBlank() ? Duration.ZERO : Duration.ofMillis(Math.round(Double.parseDouble(value.strip()) * 1000));
    }
}
