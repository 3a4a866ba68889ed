package io.tagway.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes the API's one error shape: {@code {"error":{"code":"...","message":"..."}}}. */
public final class ErrorResponse {

  static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private ErrorResponse() {}

  /** The error body. */
  public static JsonObject body(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }

  /** Ends the request with a status and an error body, unless a response was already started. */
  public static void send(RoutingContext ctx, int status, String code, String message) {
    send(ctx.response(), status, code, message);
  }

  /** As {@link #send(RoutingContext, int, String, String)}, for a request answered without the router. */
  static void send(HttpServerResponse response, int status, String code, String message) {
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .end(body(code, message).toBuffer());
  }
}
