package io.tagway.emulator;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Errors of the emulator's own endpoints (admin endpoints, unknown paths, wrong methods), in the
 * product's shape: {@code {"error":{"code":"...","message":"..."}}} with a fitting HTTP status.
 */
final class AdminErrors {

  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private AdminErrors() {}

  /** Answers {@code status} with the error {@code code} and {@code message}. */
  static void send(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    JsonObject body = new JsonObject()
        .put("error", new JsonObject().put("code", code).put("message", message));
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .end(body.toBuffer());
  }
}
