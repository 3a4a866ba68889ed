package io.tagway.api;

import io.tagway.batch.MissFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Locale;

/** How per-account lookup failures appear in the API: codes, statuses and Retry-After. */
final class Failures {

  private Failures() {}

  /** The error code, e.g. {@code upstream_unavailable}. */
  static String code(MissFailure failure) {
    return failure.reason().name().toLowerCase(Locale.ROOT);
  }

  /** 429 when the gateway is over capacity, 503 when the upstream cannot answer. */
  static int status(MissFailure failure) {
    return failure.reason().capacity() ? 429 : 503;
  }

  /** Whole seconds to wait, at least one. */
  static long retryAfterSeconds(Duration retryAfter) {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }

  /** Answers one failed account as the whole response. */
  static void send(HttpServerResponse response, MissFailure failure) {
    response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(failure.retryAfter())));
    ErrorResponse.send(response, status(failure), code(failure), failure.message());
  }
}
