package io.tagway.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests that are not valid HTTP (a bad request line, header or framing), refused before any
 * route sees them: answered like {@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER} does
 * (400, or 414 and 431 for lines and headers too long, then the connection closes), but in the
 * API's error shape rather than with an empty body.
 */
final class InvalidRequests {

  private InvalidRequests() {}

  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "uri_too_long";
      message = "the request line is too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      code = "headers_too_large";
      message = "the request headers are too large";
    } else {
      status = 400;
      code = "bad_request";
      message = "the request is not valid HTTP";
    }
    request.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, ErrorResponse.APPLICATION_JSON)
        .end(ErrorResponse.body(code, message).toBuffer());
    request.connection().close();
  }
}
