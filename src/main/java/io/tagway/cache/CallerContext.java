package io.tagway.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Hands results back on the Vert.x context of the code that asked for them. */
final class CallerContext {

  private CallerContext() {
  }

  /** Completes the promise on the given context; at once when already on it or when it is null. */
  static <T> void complete(Context caller, Promise<T> promise, T value) {
    if (caller == null || caller == Vertx.currentContext()) {
      promise.complete(value);
    } else {
      caller.runOnContext(v -> promise.complete(value));
    }
  }

  /** A future with the outcome of {@code future}, completed on the current caller's context. */
  static <T> Future<T> follow(Future<T> future) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> {
      if (caller == Vertx.currentContext()) {
        promise.handle(ar);
      } else {
        caller.runOnContext(v -> promise.handle(ar));
      }
    });
    return promise.future();
  }
}
