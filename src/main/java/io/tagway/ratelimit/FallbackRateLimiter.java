package io.tagway.ratelimit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global limiter while Redis answers; a local one at a share of the limit while it does not.
 * It falls back after {@value #FAILURES_BEFORE_FALLBACK} consecutive failures (before that, callers
 * are told to wait briefly). While fallen back, the global limiter is tried again once a second,
 * and used again as soon as it answers. Each permit goes back to the limiter that granted it.
 *
 * <p>Each switch has a handover (a second plus the margin) in which this instance grants nothing:
 * on the way to the local limiter, because the calls the global one granted in the last second,
 * to every instance, may add up to the whole limit and the local one knows nothing of them; on
 * the way back, because the global limiter (perhaps a Redis restarted empty) knows nothing of the
 * calls this instance granted locally in the last second.
 */
public final class FallbackRateLimiter implements RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(FallbackRateLimiter.class);
  private static final long RETRY_GLOBAL = Duration.ofSeconds(1).toNanos();
  /** Consecutive failures of the global limiter before falling back; fewer are waited out. */
  static final int FAILURES_BEFORE_FALLBACK = 3;
  /** How long a caller waits after a failure that does not yet make this instance fall back. */
  static final long FAILURE_BACKOFF = Duration.ofMillis(50).toNanos();

  private final RateLimiter global;
  private final RateLimiter local;
  private final Duration handover;
  private final LongSupplier nanoTime;
  private volatile boolean degraded;
  private volatile long retryGlobalAt;
  private volatile long handingOverUntil;
  private volatile int consecutiveFailures;

  /**
   * @param global the shared limiter
   * @param local the limiter used while {@code global} fails; set to this instance's share
   * @param handover how long a call the global limiter granted occupies the upstream's window
   *     (one second plus the margin); {@code local} grants nothing for that long after a switch
   */
  public FallbackRateLimiter(RateLimiter global, RateLimiter local, Duration handover, LongSupplier nanoTime) {
    this.global = global;
    this.local = local;
    this.handover = handover;
    this.nanoTime = nanoTime;
  }

  /** True while the local limiter stands in for the global one. */
  public boolean degraded() {
    return degraded;
  }

  /**
   * Redis answered something else (a health ping): the next grant asks the global limiter again,
   * without waiting for the retry delay, so recovery does not wait for upstream traffic.
   */
  public void redisAnswered() {
    if (degraded) {
      backToGlobal();
    }
  }

  private synchronized void backToGlobal() {
    if (degraded) {
      degraded = false;
      handingOverUntil = nanoTime.getAsLong() + handover.toNanos();
      LOG.info("Redis answers again: back to the global upstream rate limit after a {} ms handover",
          handover.toMillis());
    }
  }

  @Override
  public Future<Permit> tryAcquire() {
    return tryAcquire(1).map(permits -> permits.get(0));
  }

  @Override
  public Future<List<Permit>> tryAcquire(int max) {
    long now = nanoTime.getAsLong();
    if (now - handingOverUntil < 0) {
      return Future.succeededFuture(List.of(Permit.denied(handingOverUntil - now)));
    }
    if (degraded && now - retryGlobalAt < 0) {
      return local.tryAcquire(max);
    }
    return global.tryAcquire(max)
        .map(permits -> {
          consecutiveFailures = 0;
          if (!degraded) {
            return permits;
          }
          // The first global grants after an outage are handed back: the handover comes first.
          permits.forEach(global::release);
          backToGlobal();
          return List.of(Permit.denied(handover.toNanos()));
        })
        .recover(failure -> {
          if (!degraded && ++consecutiveFailures < FAILURES_BEFORE_FALLBACK) {
            // One slow answer (a GC pause here or in Redis, a blip) is not an outage: falling back
            // would cost two handovers of a second each in which nothing is granted.
            return Future.succeededFuture(List.of(Permit.denied(FAILURE_BACKOFF)));
          }
          if (!degraded) {
            degraded = true;
            local.pause(handover);
            LOG.warn("Redis unreachable ({}): limiting upstream calls locally to {} per second until it is back",
                failure.getClass().getSimpleName(), local.limit());
          }
          retryGlobalAt = nanoTime.getAsLong() + RETRY_GLOBAL;
          return local.tryAcquire(max);
        });
  }

  @Override
  public void release(Permit permit, long endedNanosAgo) {
    if (permit.issuer() != null && permit.issuer() != this) {
      permit.issuer().release(permit, endedNanosAgo);
    }
  }

  @Override
  public void pause(Duration duration) {
    local.pause(duration);
    global.pause(duration);
  }

  @Override
  public int limit() {
    return global.limit();
  }
}
