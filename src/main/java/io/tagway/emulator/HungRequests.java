package io.tagway.emulator;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests the emulator holds without answering (the hang fault). Each is released, exactly once,
 * when the client closes the connection, when the hang cap passes (the emulator then closes the
 * connection), or when the emulator stops. Nothing outlives the connection: no timer, no entry.
 *
 * <p>Not thread-safe: confined to the emulator's event loop.
 */
final class HungRequests {

  private final Vertx vertx;
  private final StatsRecorder stats;
  private final Map<HttpServerRequest, Long> timers = new HashMap<>();

  /** Tracks hung requests, reporting their number to {@code stats}. */
  HungRequests(Vertx vertx, StatsRecorder stats) {
    this.vertx = vertx;
    this.stats = stats;
  }

  /** Holds {@code request} unanswered for at most {@code capMs}. */
  void hold(HttpServerRequest request, long capMs) {
    stats.recordHangStarted();
    long timer = vertx.setTimer(capMs, id -> {
      if (release(request)) {
        request.connection().close();
      }
    });
    timers.put(request, timer);
    request.response().closeHandler(v -> release(request));
  }

  /** The number of requests held now. */
  int size() {
    return timers.size();
  }

  /** Releases every held request and closes its connection. */
  void releaseAll() {
    for (HttpServerRequest request : List.copyOf(timers.keySet())) {
      if (release(request)) {
        request.connection().close();
      }
    }
  }

  /** Forgets {@code request}; true if it was still held. */
  private boolean release(HttpServerRequest request) {
    Long timer = timers.remove(request);
    if (timer == null) {
      return false;
    }
    vertx.cancelTimer(timer);
    stats.recordHangReleased();
    return true;
  }
}
