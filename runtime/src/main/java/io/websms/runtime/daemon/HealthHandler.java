package io.websms.runtime.daemon;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.websms.runtime.asterisk.Handover;
import io.websms.runtime.inbound.ConnectionGuard;
import io.websms.runtime.store.StoreHealth;

import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;

/**
 * {@code GET /health}: 200 {@code {"status":"UP"}} when the daemon can take a message (the configuration is loaded,
 * since the daemon runs, and a call file could be published now, or the inbox could take one), else 503
 * {@code {"status":"DOWN",…}} with the reason, so that a load balancer or monitor sees a full disk or a lost spool
 * folder before the ITSP does. 200 {@code {"status":"DEGRADED",…}} with the reason when messages are taken but wait:
 * the AMI is down while the inbox holds messages. With a shared store ({@code store = postgresql://…}) it is DOWN
 * too while the store cannot be reached: a webhook would then get 503, since whether another daemon stored it
 * already cannot be known.
 */
final class HealthHandler implements Handler {

    private final Handover handover;
    private final Optional<ConnectionGuard> connections;
    private final Optional<StoreHealth> store;

    HealthHandler(Handover handover, Optional<ConnectionGuard> connections) {
        this(handover, connections, Optional.empty());
    }

    HealthHandler(Handover handover, Optional<ConnectionGuard> connections, Optional<StoreHealth> store) {
        this.handover = handover;
        this.connections = connections;
        this.store = store;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Handover.Health asterisk = handover.health();
        Optional<String> saturation = connections.filter(ConnectionGuard::saturated)
                .map(g -> "every webhook connection slot is taken (" + g.openConnections() + " of " + g.maxConnections()
                        + "): new webhooks wait; see http_max_per_address, http_head_timeout and http_max_requests");
        Optional<String> storeProblem = store.flatMap(StoreHealth::problem).map(p -> p.replaceAll("\\s+", " "));
        Map<String, String> parts = new LinkedHashMap<>(asterisk.checks());
        connections.ifPresent(g -> parts.put("connections", saturation.isEmpty() ? "UP" : "DOWN"));
        store.ifPresent(s -> parts.put("store", storeProblem.isEmpty() ? "UP" : "DOWN"));
        StringBuilder checks = new StringBuilder("{\"config\":\"UP\"");
        parts.forEach((name, state) -> checks.append(",\"").append(json(name)).append("\":\"").append(json(state)).append('"'));
        checks.append('}');
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Optional<String> problem = asterisk.down().or(() -> storeProblem).or(() -> saturation);
        if (problem.isPresent()) {
            res.status(Status.SERVICE_UNAVAILABLE_503).send("{\"status\":\"DOWN\",\"checks\":" + checks + ",\"reason\":\"" + json(problem.get()) + "\"}");
        } else if (asterisk.degraded().isPresent()) {
            res.status(Status.OK_200).send("{\"status\":\"DEGRADED\",\"checks\":" + checks + ",\"reason\":\"" + json(asterisk.degraded().get()) + "\"}");
        } else {
            res.status(Status.OK_200).send("{\"status\":\"UP\",\"checks\":" + checks + "}");
        }
    }

    private static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
