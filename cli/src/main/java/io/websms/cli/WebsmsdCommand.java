package io.websms.cli;

import io.websms.runtime.agi.FastAgiServer;
import io.websms.runtime.agi.SmsAgiScript;
import io.websms.runtime.config.ListenAddress;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.provider.UnknownNameException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code websms websmsd}: the daemon. Serves outgoing SMS over FastAGI at {@code agi_addr}; runs until it is told
 * to stop (SIGTERM, SIGINT), then stops accepting and lets the calls in progress finish.
 */
final class WebsmsdCommand {

    private static final System.Logger LOG = System.getLogger("io.websms.websmsd");

    private final Invocation invocation;

    WebsmsdCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    ExitCode run() {
        Bootstrap.Loaded loaded;
        try {
            loaded = Bootstrap.load(invocation);
        } catch (Bootstrap.Failure e) {
            Logging.print(invocation.err, e.lines());
            return ExitCode.CONFIG;
        }
        loaded.config().warnings().forEach(w -> LOG.log(Level.WARNING, w.format()));
        FastAgiServer agi = null;
        try {
            Outbound outbound = new Outbound(loaded.config(), loaded.registry(), new HttpTransport());
            String agiAddress = loaded.config().agiAddress();
            if (!agiAddress.isEmpty()) {
                ListenAddress address = ListenAddress.parse(agiAddress).orElseThrow();
                agi = FastAgiServer.start(address.socketAddress(), new SmsAgiScript(outbound));
                LOG.log(Level.INFO, "FastAGI server for outgoing SMS on {0}: AGI(agi://{0}/websms,...)", new ListenAddress(address.host(), agi.port()));
            } else {
                LOG.log(Level.INFO, "FastAGI server off (agi_addr is empty)");
            }
        } catch (UnknownNameException e) {
            Logging.print(invocation.err, List.of(e.getMessage()));
            return ExitCode.CONFIG;
        } catch (IOException e) {
            Logging.print(invocation.err, List.of("cannot listen on agi_addr = " + loaded.config().agiAddress() + ": " + e.getMessage()
                    + ". Fix: pick a free port, or stop the process that holds it."));
            return ExitCode.CONFIG;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        FastAgiServer server = agi;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(Level.INFO, "stopping: finishing the calls in progress");
            if (server != null) {
                server.close();
            }
            stopped.countDown();
        }, "websmsd-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }
}
