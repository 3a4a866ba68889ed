package io.tagway.batch;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;

/**
 * One caller's set of distinct misses. Confined to the coalescer's context; the answer is handed
 * to the caller's context once every account has a result or the deadline passed.
 */
final class MissRequest<V> {

  final List<String> accounts;
  final long deadline;
  /** {@code nanoTime} when the caller's lookup began, or {@link #UNKNOWN}; a miss's window counts from it. */
  final long arrivedAt;
  static final long UNKNOWN = Long.MIN_VALUE;
  final Priority priority;
  private final Object[] results;
  private final Promise<List<MissResult<V>>> promise;
  private final Context caller;
  private int remaining;
  private long timerId = -1;
  private boolean done;

  MissRequest(List<String> accounts, long deadline, long arrivedAt, Priority priority,
      Promise<List<MissResult<V>>> promise, Context caller) {
    this.accounts = accounts;
    this.deadline = deadline;
    this.arrivedAt = arrivedAt;
    this.priority = priority;
    this.results = new Object[accounts.size()];
    this.remaining = accounts.size();
    this.promise = promise;
    this.caller = caller;
  }

  boolean done() {
    return done;
  }

  void deadlineTimer(long timerId) {
    this.timerId = timerId;
  }

  /** Records the result of account {@code index}; the first result wins. */
  void set(int index, MissResult<V> result, Vertx vertx) {
    if (done || results[index] != null) {
      return;
    }
    results[index] = result;
    if (--remaining == 0) {
      finish(vertx);
    }
  }

  /** Gives every account still without a result this failure, then answers. */
  void expire(MissFailure failure, Vertx vertx) {
    if (done) {
      return;
    }
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] = MissResult.failed(failure);
      }
    }
    finish(vertx);
  }

  @SuppressWarnings("unchecked")
  private void finish(Vertx vertx) {
    done = true;
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    List<MissResult<V>> answer = (List<MissResult<V>>) (List<?>) Arrays.asList(results);
    if (caller == null || caller == Vertx.currentContext()) {
      promise.complete(answer);
    } else {
      caller.runOnContext(v -> promise.complete(answer));
    }
  }
}
