package io.tagway.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Merges the reads of all callers, from every event loop, into as few fetches as possible: one per
 * {@code maxBatch} distinct accounts.
 *
 * <p>Callers append to one lock-free queue, and one flush at a time drains it, fetches the distinct
 * accounts in chunks, and hands each caller its own subset on the caller's context. With a tick of
 * 0 (the default) a read that finds no flush under way starts one at once, on its own thread, and
 * reads that arrive while a fetch is in flight wait for it and leave together the moment it
 * returns: an idle gateway pays one round trip, a busy one merges whatever arrived during the last
 * (Nagle's idea, without the timer). With a tick, the first read schedules a flush that long after
 * it, and flushes may overlap.
 *
 * <p>Keys waiting in the queue are bounded: a read that would push them past {@code maxPendingKeys}
 * is answered at once with nothing found, unless the queue is empty (so a single large read is
 * never starved).
 */
final class L2ReadMerger {

  private record Waiter(List<String> accounts, Context context, Promise<Map<String, L2Entry>> promise) {
  }

  private final Vertx vertx;
  private final long tickMillis;
  private final int maxBatch;
  private final int maxPendingKeys;
  private final Function<List<String>, Future<Map<String, L2Entry>>> fetch;
  private final Runnable onRejected;
  private final ConcurrentLinkedQueue<Waiter> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingKeys = new AtomicInteger();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  /**
   * Without a tick: true while the holder of the flush is inside {@link #flush}. Only a hint for
   * choosing between flushing again at once and on the next turn of the event loop.
   */
  private volatile boolean flushing;

  /**
   * @param fetch reads up to {@code maxBatch} distinct accounts; expected never to fail (a failed
   *     fetch is read as nothing found)
   * @param onRejected called for each read refused because the queue is full
   */
  L2ReadMerger(Vertx vertx, L2Options options, Function<List<String>, Future<Map<String, L2Entry>>> fetch,
      Runnable onRejected) {
    this.vertx = vertx;
    this.tickMillis = options.tick().toMillis();
    this.maxBatch = options.maxBatch();
    this.maxPendingKeys = options.maxPendingKeys();
    this.fetch = fetch;
    this.onRejected = onRejected;
  }

  /** The entries found for the accounts, after at most about one tick plus one round trip. */
  Future<Map<String, L2Entry>> read(List<String> accounts) {
    if (accounts.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    if (!reserve(accounts.size())) {
      onRejected.run();
      return Future.succeededFuture(Map.of());
    }
    Waiter waiter = new Waiter(accounts, Vertx.currentContext(), Promise.promise());
    queue.add(waiter);
    if (flushScheduled.compareAndSet(false, true)) {
      if (tickMillis > 0) {
        // Cleared by the flush before it drains, so a waiter added after the drain began schedules the next one.
        vertx.setTimer(tickMillis, id -> flush());
      } else {
        flush(); // held until the fetch returns and nothing waits any more: see afterFetch
      }
    }
    return waiter.promise().future();
  }

  /** Keys waiting for the next flush. */
  int pendingKeys() {
    return pendingKeys.get();
  }

  private boolean reserve(int keys) {
    while (true) {
      int pending = pendingKeys.get();
      if (pending > 0 && pending + keys > maxPendingKeys) {
        return false;
      }
      if (pendingKeys.compareAndSet(pending, pending + keys)) {
        return true;
      }
    }
  }

  private void flush() {
    flushing = true;
    try {
      drainAndFetch();
    } finally {
      flushing = false;
    }
  }

  private void drainAndFetch() {
    if (tickMillis > 0) {
      flushScheduled.set(false);
    }
    List<Waiter> waiters = new ArrayList<>();
    Set<String> distinct = new LinkedHashSet<>();
    for (Waiter waiter = queue.poll(); waiter != null; waiter = queue.poll()) {
      pendingKeys.addAndGet(-waiter.accounts().size());
      waiters.add(waiter);
      distinct.addAll(waiter.accounts());
    }
    if (waiters.isEmpty()) {
      afterFetch();
      return;
    }
    List<String> accounts = new ArrayList<>(distinct);
    List<Future<Map<String, L2Entry>>> parts = new ArrayList<>();
    for (int from = 0; from < accounts.size(); from += maxBatch) {
      List<String> chunk = accounts.subList(from, Math.min(accounts.size(), from + maxBatch));
      parts.add(safeFetch(chunk));
    }
    Future.all(parts).onComplete(done -> {
      try {
        deliver(waiters, parts);
      } finally {
        afterFetch(); // whatever happened, the next reads must not wait for a flush that never comes
      }
    });
  }

  /** Without a tick: flushes what arrived meanwhile, or lets the next read start a flush. */
  private void afterFetch() {
    if (tickMillis > 0) {
      return;
    }
    if (!queue.isEmpty()) {
      flushAgain();
      return;
    }
    flushScheduled.set(false);
    // A read that came after the check above but saw the flag still set did not start a flush.
    if (!queue.isEmpty() && flushScheduled.compareAndSet(false, true)) {
      flushAgain();
    }
  }

  /** A fetch that answered at once (Redis closed, a bug) must not turn the flushes into a recursion. */
  private void flushAgain() {
    if (flushing) {
      vertx.runOnContext(v -> flush());
    } else {
      flush();
    }
  }

  private Future<Map<String, L2Entry>> safeFetch(List<String> chunk) {
    try {
      return fetch.apply(chunk).otherwise(Map.of());
    } catch (RuntimeException e) {
      // A bug in the fetch must not strand the waiters of this flush.
      return Future.succeededFuture(Map.of());
    }
  }

  private static void deliver(List<Waiter> waiters, List<Future<Map<String, L2Entry>>> parts) {
    Map<String, L2Entry> found = new HashMap<>();
    parts.forEach(part -> found.putAll(part.result()));
    for (Waiter waiter : waiters) {
      Map<String, L2Entry> own = new HashMap<>();
      for (String account : waiter.accounts()) {
        L2Entry entry = found.get(account);
        if (entry != null) {
          own.put(account, entry);
        }
      }
      CallerContext.complete(waiter.context(), waiter.promise(), own);
    }
  }
}
