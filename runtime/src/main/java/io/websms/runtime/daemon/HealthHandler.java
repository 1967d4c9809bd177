package io.websms.runtime.daemon;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.websms.runtime.asterisk.Spool;

import java.util.Optional;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} when the daemon can take a message (the configuration is loaded,
 * since the daemon runs, and a call file could be published now), else 503 {@code {"status":"DOWN",…}} with the
 * reason, so that a load balancer or monitor sees a full disk or a lost spool folder before the ITSP does.
 */
final class HealthHandler implements Handler {

    private final Spool spool;

    HealthHandler(Spool spool) {
        this.spool = spool;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Optional<String> problem = spool.problem();
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (problem.isEmpty()) {
            res.status(Status.OK_200).send("{\"status\":\"UP\",\"checks\":{\"config\":\"UP\",\"spool\":\"UP\"}}");
        } else {
            res.status(Status.SERVICE_UNAVAILABLE_503).send("{\"status\":\"DOWN\",\"checks\":{\"config\":\"UP\",\"spool\":\"DOWN\"},\"reason\":\""
                    + problem.get().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        }
    }
}
