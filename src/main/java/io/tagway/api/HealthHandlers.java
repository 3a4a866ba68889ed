package io.tagway.api;

import io.tagway.health.Readiness;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code GET /health/live} and {@code GET /health/ready}. */
final class HealthHandlers {

  private final Readiness readiness;

  HealthHandlers(Readiness readiness) {
    this.readiness = readiness;
  }

  /** The process is up and its event loops answer. */
  void live(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, ErrorResponse.APPLICATION_JSON)
        .end("{\"status\":\"UP\"}");
  }

  /** 200 when ready; otherwise 503 with the components that are down (and the API's error shape). */
  void ready(RoutingContext ctx) {
    Map<String, String> problems = readiness.problems();
    JsonObject body = new JsonObject().put("status", problems.isEmpty() ? "UP" : "DOWN");
    if (!problems.isEmpty()) {
      JsonObject checks = new JsonObject();
      problems.forEach(checks::put);
      body.put("down", checks);
      String summary = String.join("; ", problems.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
      body.mergeIn(ErrorResponse.body("not_ready", summary));
    }
    ctx.response()
        .setStatusCode(problems.isEmpty() ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, ErrorResponse.APPLICATION_JSON)
        .end(body.toBuffer());
  }
}
