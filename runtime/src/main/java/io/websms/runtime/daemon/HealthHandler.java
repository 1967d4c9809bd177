package io.websms.runtime.daemon;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.inbound.ConnectionGuard;

import java.util.Optional;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} when the daemon can take a message (the configuration is loaded,
 * since the daemon runs, and a call file could be published now), else 503 {@code {"status":"DOWN",…}} with the
 * reason, so that a load balancer or monitor sees a full disk or a lost spool folder before the ITSP does.
 */
final class HealthHandler implements Handler {

    private final Spool spool;
    private final Optional<ConnectionGuard> connections;

    HealthHandler(Spool spool, Optional<ConnectionGuard> connections) {
        this.spool = spool;
        this.connections = connections;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<String> spoolProblem = spool.problem();
        Optional<String> saturation = connections.filter(ConnectionGuard::saturated)
                .map(g -> "every webhook connection slot is taken (" + g.openConnections() + " of " + g.maxConnections()
                        + "): new webhooks wait; see http_max_per_address, http_head_timeout and http_max_requests");
        String checks = "{\"config\":\"UP\",\"spool\":\"" + (spoolProblem.isEmpty() ? "UP" : "DOWN") + "\""
                + connections.map(g -> ",\"connections\":\"" + (saturation.isEmpty() ? "UP" : "DOWN") + "\"").orElse("") + "}";
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Optional<String> problem = spoolProblem.or(() -> saturation);
        if (problem.isEmpty()) {
            res.status(Status.OK_200).send("{\"status\":\"UP\",\"checks\":" + checks + "}");
        } else {
            res.status(Status.SERVICE_UNAVAILABLE_503).send("{\"status\":\"DOWN\",\"checks\":" + checks + ",\"reason\":\""
                    + problem.get().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        }
    }
}
