package io.tagway.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading request bodies as JSON objects, with the API's 400 for anything else. */
final class JsonBodies {

  private JsonBodies() {}

  /**
   * The body as a JSON object.
   *
   * @throws BadRequest when the body is empty, not JSON, or not an object
   */
  static JsonObject object(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw new BadRequest("invalid_json", "the body is not a JSON object");
    }
    if (body == null) {
      throw new BadRequest("invalid_json", "the body is empty; expected a JSON object");
    }
    return body;
  }
}
