package io.tagway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;

/** The API's one error shape: {@code {"error":{"code":"...","message":"..."}}} as JSON. */
final class ErrorShape {

  private ErrorShape() {}

  /** Asserts the status, the JSON content type and the error shape with this code; returns the body. */
  static JsonObject assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as("status of %s: %s", response.uri(), response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).as("content type").contains("application/json");
    JsonObject body = new JsonObject(response.body());
    assertThat(problem(body)).as("error shape of %s", body).isNull();
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo(code);
    return body;
  }

  /** Null when {@code text} is the error shape (extra top-level fields allowed), otherwise why not. */
  static String problem(String text) {
    try {
      return problem(new JsonObject(text));
    } catch (DecodeException | ClassCastException e) {
      return "not a JSON object: " + e.getMessage();
    }
  }

  static String problem(JsonObject body) {
    if (!(body.getValue("error") instanceof JsonObject error)) {
      return "no \"error\" object";
    }
    if (!(error.getValue("code") instanceof String code) || code.isEmpty()) {
      return "no \"error.code\" string";
    }
    if (!(error.getValue("message") instanceof String message) || message.isEmpty()) {
      return "no \"error.message\" string";
    }
    if (error.size() != 2) {
      return "\"error\" has fields beyond code and message: " + error.fieldNames();
    }
    return null;
  }
}
