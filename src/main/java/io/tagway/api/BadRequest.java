package io.tagway.api;

/** A request the API refuses with 400 and an error code; stackless, it is routine. */
final class BadRequest extends RuntimeException {

  private final String code;

  BadRequest(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  String code() {
    return code;
  }
}
