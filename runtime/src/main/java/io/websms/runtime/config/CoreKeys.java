package io.websms.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.websms.runtime.config.Section.ASTQUEUE;
import static io.websms.runtime.config.Section.WEBSMS;
import static io.websms.runtime.config.Section.WEBSMSD;

/**
 * The keys websms itself reads: those of the original WebSMS with their documented defaults, and {@code provider}.
 * This table is the reference the key table of docs/configuration.md follows.
 */
public final class CoreKeys {

    private static final List<KeySpec> ALL;

    static {
        List<KeySpec> keys = new ArrayList<>();
        // [websms]: outgoing, one interface per index.
        keys.add(key(WEBSMS, "provider", "generic", ValueType.PROVIDER, "The provider (ITSP plugin) that serves this interface."));
        keys.add(key(WEBSMS, "auth_method", "basic", ValueType.AUTH_METHOD, "How to authenticate: none, plain, basic, zadarma, or an auth scheme a plugin adds."));
        keys.add(secret(WEBSMS, "auth_secret", "Password or secret the ITSP gave you."));
        keys.add(key(WEBSMS, "auth_user", "", ValueType.TEXT, "User or id the ITSP gave you."));
        keys.add(key(WEBSMS, "key_body", "Body", ValueType.TEXT, "Name of the field holding the message text."));
        keys.add(key(WEBSMS, "key_from", "From", ValueType.TEXT, "Name of the field holding the sender's number."));
        keys.add(key(WEBSMS, "key_secret", "", ValueType.TEXT, "Name of the field holding auth_secret, with auth_method = plain."));
        keys.add(key(WEBSMS, "key_to", "To", ValueType.TEXT, "Name of the field holding the destination number."));
        keys.add(key(WEBSMS, "key_user", "", ValueType.TEXT, "Name of the field holding auth_user, with auth_method = plain."));
        keys.add(key(WEBSMS, "key_id", "", ValueType.TEXT, "Name of a field that carries websms's id for the message, the same on every retry (a client reference or idempotency key); empty sends none."));
        keys.add(key(WEBSMS, "resp_check", "", ValueType.RESPONSE_CHECK, "key=value the ITSP's JSON reply must hold for success, e.g. status=success."));
        keys.add(key(WEBSMS, "url_host", "http://localhost", ValueType.URL, "Scheme and host of the ITSP's SMS API, e.g. https://api.example.com."));
        keys.add(key(WEBSMS, "url_path", "/", ValueType.TEXT, "Path of the ITSP's SMS API, appended to url_host, e.g. /sms/send/."));
        keys.add(key(WEBSMS, "val_numform", "", ValueType.NUMBER_FORMAT, "E164 drops the leading + (and 00) of both numbers; empty leaves them as given."));
        keys.add(key(WEBSMS, "val_static", "", ValueType.KEY_VALUE_LIST, "Fields added to every request, e.g. key1=value1,key2=value2."));
        keys.add(key(WEBSMS, "val_unicode", "", ValueType.UNICODE_POLICY, "UCS-2 replaces characters beyond U+FFFF (emoji); key=value adds that field when the text has such characters."));
        keys.add(key(WEBSMS, "url_method", "POST", ValueType.HTTP_METHOD, "POST sends the fields in the body, as the original; GET sends them as the query string, for ITSPs that take GET requests."));
        keys.add(key(WEBSMS, "body_format", "form", ValueType.BODY_FORMAT, "form sends the fields form-encoded, as the original; json sends them as a JSON object."));
        keys.add(key(WEBSMS, "media_from_body", "no", ValueType.BOOLEAN, "yes sends the http(s) links of a text as MMS media where the provider can (twilio-like, signalwire, flowroute), taken out of the text; other providers send the text unchanged."));
        keys.add(key(WEBSMS, "tls_verify", "yes", ValueType.BOOLEAN, "no turns off the check of the ITSP's TLS certificate (the original never checked it); keep yes."));
        keys.add(key(WEBSMS, "timeout_connect", "5", ValueType.SECONDS, "Seconds to wait for the connection to the ITSP.").within("0.1", "600"));
        keys.add(key(WEBSMS, "timeout_read", "20", ValueType.SECONDS, "Seconds to wait for the ITSP's reply.").within("0.1", "600"));
        keys.add(key(WEBSMS, "retry_max", "2", ValueType.INTEGER, "Retries after a failure that may pass (no connection, timeout, 429, 5xx); never after a rejection.").within("0", "10"));
        keys.add(key(WEBSMS, "retry_max_age", "86400", ValueType.SECONDS, "Seconds the daemon keeps trying a message the ITSP could not take; then it goes to the dead letters.").within("0", "2592000"));
        keys.add(key(WEBSMS, "retry_delay", "1", ValueType.SECONDS, "Seconds before the first retry; each next one waits twice as long (at most 30 s), or what Retry-After asks.").within("0.01", "30"));
        keys.add(key(WEBSMS, "rate_limit", "", ValueType.RATE, "Most SMS this interface sends, e.g. 10/s, 60/min, 1000/day (a burst of that many, then evenly); more wait in the outbox. Empty: no limit."));
        keys.add(key(WEBSMS, "rate_limit_sender", "", ValueType.RATE, "Most SMS one sender number sends through this interface, e.g. 1/s for a US long code; more wait in the outbox. Empty: no limit."));
        keys.add(key(WEBSMS, "rate_wait", "2", ValueType.SECONDS, "Seconds a send over a rate limit may wait for its turn and still answer SUCCESS; longer, it is QUEUED and goes when the limit allows.").within("0", "30"));
        keys.add(key(WEBSMS, "failover", "", ValueType.TEXT, "Interfaces that take a message this one cannot send (no connection, or 5xx after the retries), in order, e.g. b,c; never after a timeout or a rejection, so no SMS goes out twice."));
        keys.add(key(WEBSMS, "status_path", "", ValueType.PATH, "Path on the webhook port where the ITSP posts status callbacks for this interface's messages, e.g. /status/1; empty takes none."));
        keys.add(key(WEBSMS, "notify_failed", "yes", ValueType.BOOLEAN, "yes sends the sending phone an SMS when a message of this interface ends undelivered, failed, rejected or expired; no sends none."));
        keys.add(key(WEBSMS, "notify_delivered", "no", ValueType.BOOLEAN, "yes also sends the sending phone an SMS when a message of this interface is delivered."));
        keys.add(key(WEBSMS, "notify_from", "", ValueType.TEXT, "Sender of those notices, as the phone shows it; empty (the default) uses the number the SMS was sent to, so the notice joins that conversation."));
        keys.add(key(WEBSMS, "notify_text", SenderNoticeText.FAILED, ValueType.TEXT, "Text of a notice that a message did not arrive; {to} {reason} {code} {id} {status} are replaced, and () left empty is dropped."));
        keys.add(key(WEBSMS, "notify_delivered_text", SenderNoticeText.DELIVERED, ValueType.TEXT, "Text of a notice that a message was delivered (notify_delivered = yes); the same placeholders."));
        keys.add(key(WEBSMS, "status_remt_addr", "", ValueType.CIDR_LIST, "Addresses allowed to post status callbacks to status_path (CIDR list); empty allows any."));
        // [websmsd]: incoming, one interface per index.
        keys.add(key(WEBSMSD, "provider", "generic", ValueType.PROVIDER, "The provider (ITSP plugin) that reads this interface's webhooks."));
        keys.add(key(WEBSMSD, "key_body", "Body", ValueType.TEXT, "Name of the field holding the message text."));
        keys.add(key(WEBSMSD, "key_echo", "", ValueType.TEXT, "Name of the query parameter of the ITSP's echo handshake, e.g. zd_echo."));
        keys.add(key(WEBSMSD, "key_from", "From", ValueType.TEXT, "Name of the field holding the sender's number."));
        keys.add(key(WEBSMSD, "key_to", "To", ValueType.TEXT, "Name of the field holding the destination number."));
        keys.add(single(WEBSMSD, "prox_addr", "172.16.0.0/12,192.168.0.0/16", ValueType.CIDR_LIST, "Trusted reverse proxies (CIDR list): their prox_header names the real client."));
        keys.add(single(WEBSMSD, "prox_header", "HTTP_X_FORWARDED_FOR", ValueType.TEXT, "Header in which a trusted proxy passes the client address."));
        keys.add(key(WEBSMSD, "remt_addr", "", ValueType.CIDR_LIST, "Addresses allowed to call (CIDR list, IPv4 and IPv6); empty allows any."));
        keys.add(key(WEBSMSD, "resp_ack", "", ValueType.TEXT, "Body of the answer once a message is stored, e.g. <Response></Response>."));
        keys.add(key(WEBSMSD, "url_path", "", ValueType.PATH_LIST, "Request paths this interface answers, e.g. /,/hook/1; empty allows any."));
        keys.add(key(WEBSMSD, "optout", "no", ValueType.BOOLEAN, "yes: an incoming STOP (STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) alone in the text stops SMS from the number it wrote to, to its sender; START or UNSTOP allows them again."));
        keys.add(single(WEBSMSD, "http_addr", "", ValueType.LISTEN_ADDRESS, "Address and port of the webhook server, e.g. 0.0.0.0:8080; WEBSMSD_PORT sets the port; empty (and no WEBSMSD_PORT) turns it off."));
        keys.add(single(WEBSMSD, "http_max_body", "65536", ValueType.INTEGER, "Largest webhook body accepted, in bytes; a larger one gets 413.").within("1024", "16777216"));
        keys.add(single(WEBSMSD, "http_body_timeout", "10", ValueType.SECONDS, "Seconds a webhook's body may take to arrive; a slower client gets 408 and is cut off.").within("0.1", "600"));
        keys.add(single(WEBSMSD, "http_head_timeout", "10", ValueType.SECONDS, "Seconds a new connection may take to send a complete request head; a slower one is closed.").within("0.1", "600"));
        keys.add(single(WEBSMSD, "http_idle_timeout", "30", ValueType.SECONDS, "Seconds a kept-alive connection may stay silent before its next webhook; then it is closed.").within("0.1", "3600"));
        keys.add(single(WEBSMSD, "http_max_per_address", "32", ValueType.INTEGER, "Webhook connections one client (an IPv4 address, an IPv6 /64) may hold at once; a trusted proxy half of all; more are closed.").within("1", "40000"));
        keys.add(single(WEBSMSD, "http_max_requests", "256", ValueType.INTEGER, "Webhooks served at once; more wait for a free slot, so a flood cannot exhaust the daemon.").within("1", "10000"));
        keys.add(single(WEBSMSD, "outbox_max", "10000", ValueType.INTEGER, "Most outgoing SMS the outbox holds; when it is full, a message the ITSP cannot take is a failure, not queued.").within("0", "1000000"));
        keys.add(single(WEBSMSD, "dedupe_content", "0", ValueType.SECONDS, "For ITSPs that send no message id: seconds in which the same to, from and text count as one message; 0 (the default) keeps none.").within("0", "604800"));
        keys.add(single(WEBSMSD, "dedupe_window", "86400", ValueType.INTEGER, "Seconds a stored message's ITSP id is kept: a webhook repeated within them is acked but gives no second call file; 0 keeps none.").within("0", "2592000"));
        keys.add(single(WEBSMSD, "state_dir", "/var/lib/websms", ValueType.DIRECTORY, "Folder of websmsd's own state (the message ids seen); beside the configuration when it cannot be created."));
        keys.add(single(WEBSMSD, "store", "local", ValueType.STORE, "Where the state several daemons share is kept (so far the message ids seen): local (files in state_dir, one daemon) or postgresql://user@host:port/database, shared by every daemon on it; the password comes from store_password_file or PGPASSWORD, never from this file."));
        keys.add(single(WEBSMSD, "store_password_file", "", ValueType.TEXT, "File whose first line is the password of store's PostgreSQL user (chmod 600); empty takes PGPASSWORD from the environment, or none."));
        keys.add(single(WEBSMSD, "store_lease", "60", ValueType.SECONDS, "Seconds another daemon on a shared store waits before it takes over the queued SMS of a daemon that died (a running daemon renews its hold every third of it).").within("3", "3600"));
        keys.add(single(WEBSMSD, "admin_addr", "", ValueType.LISTEN_ADDRESS, "Address and port of GET /health and GET /metrics, e.g. 127.0.0.1:8081; empty turns it off. Keep it private."));
        keys.add(single(WEBSMSD, "agi_addr", "127.0.0.1:4573", ValueType.LISTEN_ADDRESS, "Address and port of the daemon's FastAGI server for outgoing SMS; empty turns it off."));
        keys.add(single(WEBSMSD, "agi_timeout", "10", ValueType.SECONDS, "Seconds Asterisk may take to send a FastAGI call's variables, and to answer each command; a slower connection is closed.").within("0.1", "600"));
        keys.add(single(WEBSMSD, "ledger_days", "30", ValueType.INTEGER, "Days the message ledger keeps each outgoing SMS and its delivery status; older entries are pruned.").within("1", "3650"));
        keys.add(single(WEBSMSD, "ledger_body", "no", ValueType.BOOLEAN, "yes keeps the text of each outgoing SMS in the message ledger; no (the default) keeps only its length."));
        // [astqueue]: the call files, single values.
        keys.add(single(ASTQUEUE, "archive", "no", ValueType.CALL_FILE_TEXT, "yes keeps processed call files in Asterisk's outgoing_done folder."));
        keys.add(single(ASTQUEUE, "channel_context", "default", ValueType.CALL_FILE_TEXT, "Dialplan context that answers the call (Channel: Local/<to>@<channel_context>)."));
        keys.add(single(ASTQUEUE, "context", "default", ValueType.CALL_FILE_TEXT, "Dialplan context that handles the message."));
        keys.add(single(ASTQUEUE, "maxretries", "0", ValueType.INTEGER, "Retries before Asterisk gives up; 0 tries once.").within("0", "1000"));
        keys.add(single(ASTQUEUE, "message_encode", "rfc3986", ValueType.MESSAGE_ENCODING, "How the body is encoded in the call file; rfc3986 keeps it on one line."));
        keys.add(single(ASTQUEUE, "outgoingdir", "/var/spool/asterisk/outgoing", ValueType.DIRECTORY, "Folder Asterisk picks call files up from."));
        keys.add(single(ASTQUEUE, "priority", "1", ValueType.INTEGER, "Dialplan priority that handles the message.").within("1", "999999"));
        keys.add(single(ASTQUEUE, "retrytime", "300", ValueType.INTEGER, "Seconds between retries.").within("1", "86400"));
        keys.add(single(ASTQUEUE, "stagingdir", "/var/spool/asterisk/staging", ValueType.DIRECTORY, "Folder call files are written in before they are moved to outgoingdir (same file system)."));
        keys.add(single(ASTQUEUE, "waittime", "45", ValueType.INTEGER, "Seconds to wait for an answer.").within("1", "3600"));
        keys.add(single(ASTQUEUE, "filemode", "", ValueType.FILE_MODE, "Permissions of call files, in octal, e.g. 0660; empty keeps the process umask."));
        keys.add(single(ASTQUEUE, "fileowner", "", ValueType.OWNER, "Owner of call files, user or user:group, e.g. asterisk:asterisk; empty keeps the process user."));
        keys.add(single(ASTQUEUE, "account", "", ValueType.CALL_FILE_TEXT, "Account: line of the call file (CDR account code)."));
        keys.add(single(ASTQUEUE, "application", "", ValueType.CALL_FILE_TEXT, "Application: line of the call file, instead of Context/Extension/Priority."));
        keys.add(single(ASTQUEUE, "data", "", ValueType.CALL_FILE_TEXT, "Data: line of the call file, the application's arguments."));
        // [astqueue]: delivery over the Asterisk Manager Interface instead of call files.
        keys.add(single(ASTQUEUE, "delivery", "callfile", ValueType.DELIVERY, "How incoming SMS reach Asterisk: callfile (a call file in outgoingdir, as the original) or ami (the Asterisk Manager Interface: no shared spool; messages wait in websms's inbox until Asterisk takes them)."));
        keys.add(single(ASTQUEUE, "ami_addr", "127.0.0.1:5038", ValueType.HOST_PORT, "Host and port of Asterisk's AMI (manager.conf's bindaddr and port), with delivery = ami."));
        keys.add(single(ASTQUEUE, "ami_user", "", ValueType.TEXT, "The manager.conf user websms logs in as, with delivery = ami."));
        keys.add(new KeySpec(ASTQUEUE, "ami_secret", "", ValueType.TEXT, true, false, "The secret of ami_user in manager.conf.", "", null));
        keys.add(single(ASTQUEUE, "ami_mode", "dialplan", ValueType.AMI_MODE, "dialplan: Originate into channel_context and context with a call file's variables, so the dialplan (PrivateDial) runs unchanged; direct: MessageSend to every registered device of the number's endpoint, held while none is registered."));
        keys.add(single(ASTQUEUE, "ami_endpoints", "", ValueType.ENDPOINT_MAP, "With ami_mode = direct: number=endpoint pairs, e.g. \"+4930123456=alice,+4930123457=bob carol\" (several endpoints separated by spaces); a number not listed is looked up in ami_hint_context."));
        keys.add(single(ASTQUEUE, "ami_hint_context", "", ValueType.CALL_FILE_TEXT, "With ami_mode = direct: the dialplan context whose hint for a number names its endpoints (exten => +4930123456,hint,PJSIP/alice), as PrivateDial's hints."));
        keys.add(single(ASTQUEUE, "inbox_max_age", "604800", ValueType.SECONDS, "Seconds a message may wait in the inbox (delivery = ami) for Asterisk or the phone; then it becomes a dead letter with the reason.").within("60", "7776000"));
        keys.add(single(ASTQUEUE, "inbox_notify_after", "0", ValueType.INTEGER, "Minutes after which a message still waiting in the inbox is posted, once, to inbox_notify_url; 0 posts none.").within("0", "43200"));
        keys.add(single(ASTQUEUE, "inbox_notify_url", "", ValueType.URL, "http(s) URL that gets a JSON copy of each message waiting longer than inbox_notify_after (a mail or chat gateway, a ticket system)."));
        ALL = Collections.unmodifiableList(keys);
    }

    private CoreKeys() {
    }

    /** websms's own keys that only a provider interprets ({@link io.websms.api.Provider#coreKeysRead}), per section. */
    public static final java.util.Map<Section, java.util.Set<String>> PROVIDER_READ = java.util.Map.of(
            WEBSMS, java.util.Set.of("url_host", "url_path", "url_method", "key_to", "key_from", "key_body", "key_id", "key_user",
                    "key_secret", "resp_check", "val_numform", "val_static", "val_unicode", "body_format", "media_from_body"),
            WEBSMSD, java.util.Set.of("key_to", "key_from", "key_body", "key_echo", "resp_ack"));

    /** Every key websms itself reads, section by section, in reference order. */
    public static List<KeySpec> all() {
        return ALL;
    }

    /** The keys of {@code section}. */
    public static List<KeySpec> of(Section section) {
        return ALL.stream().filter(k -> k.section() == section).toList();
    }

    private static KeySpec key(Section section, String name, String defaultValue, ValueType type, String description) {
        return new KeySpec(section, name, defaultValue, type, false, true, description, "", null);
    }

    private static KeySpec single(Section section, String name, String defaultValue, ValueType type, String description) {
        return new KeySpec(section, name, defaultValue, type, false, false, description, "", null);
    }

    private static KeySpec secret(Section section, String name, String description) {
        return new KeySpec(section, name, "", ValueType.TEXT, true, true, description, "", null);
    }
}
