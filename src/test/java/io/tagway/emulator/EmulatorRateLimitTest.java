package io.tagway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sliding-second limit at its edges, with an injected clock. The window ending at {@code now}
 * holds the calls at {@code t} with {@code now - t < 1 s}: a call at {@code t + 999 ms} still sees
 * the calls at {@code t}, a call at {@code t + 1000 ms} no longer does.
 */
@ExtendWith(VertxExtension.class)
class EmulatorRateLimitTest {

  private static final long T = 5_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final JsonObject GET_U1 = EmulatorHarness.accountsBody(List.of("u1"));

  private final AtomicLong clock = new AtomicLong(T);
  private EmulatorHarness harness;

  @AfterEach
  void stop(VertxTestContext ctx) {
    harness.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void theHundredAndFirstCallWithinASecondAnswers60007(Vertx vertx, VertxTestContext ctx) {
    start(vertx, 100)
        .compose(v -> calls(TagCommand.GET_TAG, 100, T))
        .map(codes -> assertThat(codes).containsOnly(0).hasSize(100))
        .compose(v -> calls(TagCommand.GET_TAG, 1, T + 999 * MS))
        .map(codes -> assertThat(codes).containsExactly(60007))
        .compose(v -> calls(TagCommand.GET_TAG, 1, T + 1000 * MS))
        .map(codes -> assertThat(codes).containsExactly(0))
        .map(v -> {
          EmulatorStats stats = harness.emulator.stats();
          assertThat(stats.rateLimitViolations()).isEqualTo(1);
          assertThat(stats.errors(60007)).isEqualTo(1);
          // 100 at t and the refused one at t + 999 ms arrived within one second.
          assertThat(stats.maxCallsInAnySecond()).isEqualTo(101);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void refusedCallsDoNotCountAgainstLaterOnes(Vertx vertx, VertxTestContext ctx) {
    start(vertx, 100)
        .compose(v -> calls(TagCommand.GET_TAG, 100, T))
        .compose(v -> calls(TagCommand.GET_TAG, 50, T + 500 * MS))
        .map(codes -> assertThat(codes).containsOnly(60007).hasSize(50))
        // At t + 1 s the 100 admitted calls left the window and the 50 refused never entered it.
        .compose(v -> calls(TagCommand.GET_TAG, 101, T + 1000 * MS))
        .map(codes -> {
          assertThat(codes.subList(0, 100)).containsOnly(0);
          assertThat(codes.get(100)).isEqualTo(60007);
          EmulatorStats stats = harness.emulator.stats();
          assertThat(stats.rateLimitViolations()).isEqualTo(51);
          // Window (t + 0.5 s - 1 s, t + 0.5 s] held 150 arrivals; (t, t + 1 s] held 151.
          assertThat(stats.maxCallsInAnySecond()).isEqualTo(151);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void eachCommandHasItsOwnLimit(Vertx vertx, VertxTestContext ctx) {
    JsonObject removeAll = EmulatorHarness.accountsBody(List.of("nobody"));
    start(vertx, 2)
        .compose(v -> calls(TagCommand.GET_TAG, 3, T))
        .map(codes -> assertThat(codes).containsExactly(0, 0, 60007))
        .compose(v -> harness.call(TagCommand.REMOVE_ALL_TAGS, removeAll))
        .map(answer -> assertThat(answer.getInteger("ErrorCode")).isZero())
        .map(v -> {
          EmulatorStats stats = harness.emulator.stats();
          assertThat(stats.maxCallsInAnySecondByCommand())
              .containsEntry("im_get_tag", 3).containsEntry("im_remove_all_tags", 1);
          assertThat(stats.maxCallsInAnySecond()).isEqualTo(3);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void maxCallsInAnySecondFindsTheBusiestWindow(Vertx vertx, VertxTestContext ctx) {
    // A high limit so that every call is admitted: the maximum counts arrivals either way.
    start(vertx, 10_000)
        .compose(v -> calls(TagCommand.GET_TAG, 30, T))
        .compose(v -> calls(TagCommand.GET_TAG, 40, T + 600 * MS))
        .compose(v -> calls(TagCommand.GET_TAG, 20, T + 1599 * MS))
        .compose(v -> calls(TagCommand.GET_TAG, 5, T + 2600 * MS))
        .compose(v -> harness.admin(HttpMethod.GET, "/emulator/stats", null))
        .map(response -> {
          // Ending at t+600ms: 70. Ending at t+1599ms: 40 + 20, the 40 still 999 ms old. Ending at
          // t+2600ms: 5.
          assertThat(response.bodyAsJsonObject().getInteger("maxCallsInAnySecond")).isEqualTo(70);
          assertThat(harness.emulator.stats().maxCallsInAnySecond()).isEqualTo(70);
          return null;
        })
        .compose(v -> harness.emulator.resetStats())
        .compose(v -> calls(TagCommand.GET_TAG, 3, T + 2700 * MS))
        .map(v -> {
          // After a reset, arrivals from before it no longer count.
          assertThat(harness.emulator.stats().maxCallsInAnySecond()).isEqualTo(3);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private Future<Void> start(Vertx vertx, int rateLimit) {
    EmulatorOptions options = EmulatorHarness.options().rateLimit(rateLimit).nanoTime(clock::get).build();
    return EmulatorHarness.start(vertx, options).map(started -> {
      harness = started;
      return null;
    });
  }

  /** {@code count} sequential calls of {@code command} at clock time {@code at}; their ErrorCodes. */
  private Future<List<Integer>> calls(TagCommand command, int count, long at) {
    List<Integer> codes = new ArrayList<>();
    JsonObject body = command == TagCommand.GET_TAG ? GET_U1 : EmulatorHarness.accountsBody(List.of("nobody"));
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(v -> {
        clock.set(at);
        return harness.call(command, body);
      }).map(answer -> {
        codes.add(answer.getInteger("ErrorCode"));
        return null;
      });
    }
    return chain.map(codes);
  }
}
