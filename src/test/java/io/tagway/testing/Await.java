package io.tagway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waiting in tests without sleeping: block a test thread (never an event loop) on a future, or
 * poll a condition on Vert.x timers until it holds or a deadline passes.
 */
public final class Await {

  private static final Duration DEFAULT = Duration.ofSeconds(60);
  private static final long POLL_EVERY_MS = 20;

  private Await() {
  }

  /** The future's result, waiting at most a minute; a failure or timeout is an {@link AssertionError}. */
  public static <T> T await(Future<T> future) {
    return await(future, DEFAULT);
  }

  /** The future's result, waiting at most {@code within}. */
  public static <T> T await(Future<T> future, Duration within) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("future did not complete within " + within.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Completes once {@code check} answers true; checks again every 20 ms (a failed check counts as
   * false) and fails, naming {@code what}, once {@code within} has passed.
   */
  public static Future<Void> until(Vertx vertx, Duration within, String what, Supplier<Future<Boolean>> check) {
    return until(vertx, within, Duration.ofMillis(POLL_EVERY_MS), what, check);
  }

  /** Like {@link #until(Vertx, Duration, String, Supplier)}, checking every {@code every}. */
  public static Future<Void> until(Vertx vertx, Duration within, Duration every, String what,
      Supplier<Future<Boolean>> check) {
    long deadline = System.nanoTime() + within.toNanos();
    return attempt(vertx, deadline, within, Math.max(1, every.toMillis()), what, check);
  }

  /** Blocks the test thread until {@code check} answers true, or fails after {@code within}. */
  public static void awaitUntil(Vertx vertx, Duration within, String what, Supplier<Future<Boolean>> check) {
    await(until(vertx, within, what, check), within.plusSeconds(10));
  }

  /** Like {@link #awaitUntil(Vertx, Duration, String, Supplier)}, checking every {@code every}. */
  public static void awaitUntil(Vertx vertx, Duration within, Duration every, String what,
      Supplier<Future<Boolean>> check) {
    await(until(vertx, within, every, what, check), within.plusSeconds(10));
  }

  private static Future<Void> attempt(Vertx vertx, long deadline, Duration within, long everyMs, String what,
      Supplier<Future<Boolean>> check) {
    Future<Boolean> outcome;
    try {
      outcome = check.get();
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.otherwise(false).compose(done -> {
      if (done) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() - deadline > 0) {
        return Future.failedFuture(new AssertionError("not true within " + within.toMillis() + " ms: " + what));
      }
      return vertx.timer(everyMs).compose(t -> attempt(vertx, deadline, within, everyMs, what, check));
    });
  }
}
