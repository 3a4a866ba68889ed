package io.tagway.ratelimit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Admission of upstream call attempts, retries included. Implementations guarantee that the
 * upstream never sees more than {@link #limit()} calls arrive in any window of one second.
 */
public interface RateLimiter {

  /**
   * Asks to start one call now. Never blocks; the future may complete later when the limiter is
   * shared through Redis. A granted permit must be {@linkplain #release released} when the call
   * ends, however it ends.
   */
  Future<Permit> tryAcquire();

  /**
   * Asks to start up to {@code max} calls now, at the cost of one ask: the permits granted (at
   * least one, each to be released like {@link #tryAcquire()}'s), or a single denial. A limiter
   * shared through Redis grants them in one round trip, so that a caller with many calls waiting
   * is not held to one call per round trip. The default asks for one.
   */
  default Future<List<Permit>> tryAcquire(int max) {
    return tryAcquire().map(List::of);
  }

  /**
   * The call of a granted permit ended (answered, failed or timed out) {@code endedNanosAgo} ago:
   * a caller that had more urgent work when its call ended (answering the call's waiters) releases
   * afterwards without its slot losing that time.
   */
  void release(Permit permit, long endedNanosAgo);

  /** The call of a granted permit has ended just now. */
  default void release(Permit permit) {
    release(permit, 0);
  }

  /** Grants nothing for the given time, e.g. after Tencent answered a frequency-limit code. */
  void pause(Duration duration);

  /** Most calls that may arrive upstream in any one-second window. */
  int limit();
}
