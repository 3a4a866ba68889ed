package io.tagway.emulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The emulator's own endpoints, next to the tag commands on the same port:
 *
 * <ul>
 *   <li>{@code GET /emulator/stats}: {@link EmulatorStats#toJson()};
 *   <li>{@code POST /emulator/stats/reset}: forgets the stats, answers 204;
 *   <li>{@code GET /emulator/faults}: {@link EmulatorFaults#toJson()};
 *   <li>{@code PUT /emulator/faults}: replaces the faults with the body (absent fields mean no
 *       fault), answers the new faults, or 400 {@code invalid_json} / {@code invalid_faults}.
 * </ul>
 *
 * <p>Handlers run on the emulator's event loop.
 */
final class AdminRoutes {

  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private final StatsRecorder stats;
  private final FaultInjector faults;

  /** Routes reading {@code stats} and steering {@code faults}. */
  AdminRoutes(StatsRecorder stats, FaultInjector faults) {
    this.stats = stats;
    this.faults = faults;
  }

  /** Adds the routes to {@code router} (which must already read bodies). */
  void mount(Router router) {
    router.get("/emulator/stats").handler(ctx -> json(ctx, stats.snapshot().toJson()));
    router.post("/emulator/stats/reset").handler(ctx -> {
      stats.reset();
      ctx.response().setStatusCode(204).end();
    });
    router.get("/emulator/faults").handler(ctx -> json(ctx, faults.faults().toJson()));
    router.put("/emulator/faults").handler(this::putFaults);
  }

  private void putFaults(RoutingContext ctx) {
    Buffer raw = ctx.body().buffer();
    Object decoded;
    try {
      decoded = raw == null ? null : Json.decodeValue(raw);
    } catch (DecodeException e) {
      decoded = null;
    }
    if (!(decoded instanceof JsonObject body)) {
      AdminErrors.send(ctx, 400, "invalid_json", "Body must be a JSON object");
      return;
    }
    EmulatorFaults updated;
    try {
      updated = EmulatorFaults.fromJson(body);
    } catch (IllegalArgumentException e) {
      AdminErrors.send(ctx, 400, "invalid_faults", e.getMessage());
      return;
    }
    faults.faults(updated);
    json(ctx, updated.toJson());
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(body.toBuffer());
  }
}
