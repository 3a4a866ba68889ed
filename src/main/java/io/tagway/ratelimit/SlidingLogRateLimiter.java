package io.tagway.ratelimit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * An in-process sliding-log limiter: it remembers the start times of the last {@code limit} grants
 * and grants a new call only when the oldest of them is at least one window old.
 *
 * <p>Why not a token bucket: a bucket of capacity {@code b} refilled at {@code r}/s lets
 * {@code b + r} calls start within one second (a full bucket, then a second of refill), so any
 * burst breaks "at most {@code r} in any second". Here a grant at {@code t} means the
 * {@code limit}-th previous grant was at or before {@code t - window}, so every half-open window
 * {@code (t - window, t]} holds at most {@code limit} grants, for any arrival pattern. The window is
 * one second plus a margin, which absorbs jitter between our clock and the time the call reaches
 * Tencent. Bursts up to the limit are allowed, which keeps single misses fast when there is room.
 */
public final class SlidingLogRateLimiter implements RateLimiter {

  private final int limit;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final long[] grants;
  private int oldest;
  private int granted;
  private long pausedUntil;

  /**
   * A limiter of {@code limit} calls per {@code window} (one second plus a safety margin).
   *
   * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   */
  public SlidingLogRateLimiter(int limit, Duration window, LongSupplier nanoTime) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    if (window.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("window must be at least 1s, got " + window);
    }
    this.limit = limit;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.grants = new long[limit];
    this.pausedUntil = nanoTime.getAsLong();
  }

  @Override
  public Future<Long> tryAcquire() {
    return Future.succeededFuture(acquireNow());
  }

  /** The synchronous form of {@link #tryAcquire()}: 0 when granted, otherwise nanoseconds to wait. */
  public synchronized long acquireNow() {
    long now = nanoTime.getAsLong();
    if (now - pausedUntil < 0) {
      return pausedUntil - now;
    }
    if (granted == limit) {
      long freeAt = grants[oldest] + windowNanos;
      if (now - freeAt < 0) {
        return freeAt - now;
      }
    } else {
      granted++;
    }
    // The slot of the oldest grant takes the newest one; the ring's next slot is then the oldest.
    grants[oldest] = now;
    oldest = (oldest + 1) % limit;
    return 0;
  }

  @Override
  public synchronized void pause(Duration duration) {
    long until = nanoTime.getAsLong() + duration.toNanos();
    if (until - pausedUntil > 0) {
      pausedUntil = until;
    }
  }

  @Override
  public int limit() {
    return limit;
  }
}
