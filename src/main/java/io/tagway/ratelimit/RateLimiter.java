package io.tagway.ratelimit;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Admission of upstream call attempts, retries included. Implementations guarantee that no more
 * than {@link #limit()} calls start in any window of one second.
 */
public interface RateLimiter {

  /**
   * Takes a permit for one call that starts now, or says how long to wait before asking again.
   * Never blocks; the future may complete later when the limiter is shared through Redis.
   *
   * @return 0 when granted, otherwise the nanoseconds until a permit may be free
   */
  Future<Long> tryAcquire();

  /** Grants nothing for the given time, e.g. after Tencent answered a frequency-limit code. */
  void pause(Duration duration);

  /** Most calls that may start in any one-second window. */
  int limit();
}
