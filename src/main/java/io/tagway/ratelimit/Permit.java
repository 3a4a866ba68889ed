package io.tagway.ratelimit;

/**
 * A rate limiter's answer: either permission to start one call now, to be handed back with
 * {@link RateLimiter#release} when the call has ended, or how long to wait before asking again.
 *
 * @param id identifies the grant to the limiter; meaningless when not granted
 * @param waitNanos 0 when granted, otherwise the nanoseconds until a grant may be possible
 */
public record Permit(long id, long waitNanos) {

  /** Permission to start one call now. */
  public static Permit granted(long id) {
    return new Permit(id, 0);
  }

  /** No permission yet. */
  public static Permit denied(long waitNanos) {
    return new Permit(-1, Math.max(1, waitNanos));
  }

  /** True when a call may start now. */
  public boolean granted() {
    return waitNanos == 0;
  }
}
