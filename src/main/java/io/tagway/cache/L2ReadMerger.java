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
 * Merges the reads of all callers, from every event loop, that arrive within one tick into as few
 * fetches as possible: one per {@code maxBatch} distinct accounts.
 *
 * <p>Callers append to one lock-free queue. The first caller to find no flush scheduled schedules
 * one with {@code vertx.setTimer(tick)} on its own context; that flush drains the queue, fetches
 * the distinct accounts in chunks, and hands each caller its own subset on the caller's context.
 * Keys waiting in the queue are bounded: a read that would push them past {@code maxPendingKeys}
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
    // Cleared by the flush before it drains, so a waiter added after the drain began schedules the next one.
    if (flushScheduled.compareAndSet(false, true)) {
      vertx.setTimer(tickMillis, id -> flush());
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
    flushScheduled.set(false);
    List<Waiter> waiters = new ArrayList<>();
    Set<String> distinct = new LinkedHashSet<>();
    for (Waiter waiter = queue.poll(); waiter != null; waiter = queue.poll()) {
      pendingKeys.addAndGet(-waiter.accounts().size());
      waiters.add(waiter);
      distinct.addAll(waiter.accounts());
    }
    if (waiters.isEmpty()) {
      return;
    }
    List<String> accounts = new ArrayList<>(distinct);
    List<Future<Map<String, L2Entry>>> parts = new ArrayList<>();
    for (int from = 0; from < accounts.size(); from += maxBatch) {
      List<String> chunk = accounts.subList(from, Math.min(accounts.size(), from + maxBatch));
      parts.add(safeFetch(chunk));
    }
    Future.all(parts).onComplete(done -> deliver(waiters, parts));
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
