package io.websms.runtime.amidelivery;

import io.websms.api.ItspResponse;
import io.websms.api.LogText;
import io.websms.api.OutboundRequest;
import io.websms.runtime.inbox.InboxEntry;
import io.websms.runtime.inbox.InboxStore;
import io.websms.runtime.outbound.HttpTransport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code inbox_notify_after} / {@code inbox_notify_url}: a message that has waited longer is posted once, as a JSON
 * object ({@code id}, {@code to}, {@code from}, {@code body}, {@code received}, {@code waiting_seconds},
 * {@code reason}), to a URL: a mail or chat gateway, a ticket system, a script. An HTTP POST rather than e-mail: websms
 * already speaks HTTP (and verifies TLS), every mail or chat service takes a webhook, and an SMTP client would add a
 * heavy dependency and a second set of credentials. A failed post is tried again on the courier's next pass.
 */
final class WaitingCopy {

    private static final System.Logger LOG = System.getLogger(WaitingCopy.class.getName());
    private static final HttpTransport.Options OPTIONS = new HttpTransport.Options(Duration.ofSeconds(5), Duration.ofSeconds(10), true);

    private final Duration after;
    private final URI url;
    private final HttpTransport transport;

    /** Copies after {@code after} to {@code url}; none when {@code after} is zero or {@code url} empty. */
    WaitingCopy(Duration after, String url, HttpTransport transport) {
        this.after = after;
        this.url = url.isEmpty() || after.isZero() ? null : URI.create(url);
        this.transport = transport;
    }

    /** Posts the copy of {@code entry} when it is due and not posted yet; the entry as stored afterwards. */
    InboxEntry sendIfDue(InboxEntry entry, Instant now, InboxStore store) throws IOException {
        if (url == null || entry.notified() || Duration.between(entry.created(), now).compareTo(after) <= 0) {
            return entry;
        }
        OutboundRequest request = OutboundRequest.builder(url)
                .format(OutboundRequest.Format.JSON)
                .field("id", entry.id())
                .field("to", entry.message().to())
                .field("from", entry.message().from())
                .field("body", entry.message().body())
                .field("received", entry.created().toString())
                .field("waiting_seconds", Long.toString(Duration.between(entry.created(), now).toSeconds()))
                .field("reason", entry.lastReason())
                .build();
        try {
            ItspResponse response = transport.send(request, OPTIONS);
            if (!response.isSuccessful()) {
                LOG.log(Level.WARNING, "inbox id={0} copy=FAILED url={1} status={2}; tried again on the next pass", entry.id(),
                        HttpTransport.safeUrl(url), response.status());
                return entry;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "inbox id={0} copy=FAILED url={1} reason={2}; tried again on the next pass", entry.id(),
                    HttpTransport.safeUrl(url), LogText.escape(e.getMessage()));
            return entry;
        }
        InboxEntry notified = entry.notifiedNow();
        store.update(notified);
        LOG.log(Level.INFO, "inbox id={0} copy=SENT url={1}", entry.id(), HttpTransport.safeUrl(url));
        return notified;
    }
}
