package io.tagway.ratelimit;

/**
 * A rate limiter's answer: either permission to start one call now, to be handed back with
 * {@link RateLimiter#release} when the call has ended, or how long to wait before asking again.
 *
 * @param id identifies the grant to the limiter that issued it; meaningless when not granted
 * @param slot the slot the grant holds; meaningless when not granted
 * @param waitNanos 0 when granted, otherwise the nanoseconds until a grant may be possible
 * @param issuer the limiter that granted it (a fallback limiter hands it back to the right one)
 */
public record Permit(long id, int slot, long waitNanos, RateLimiter issuer) {

  /** Permission to start one call now. */
  public static Permit granted(long id, int slot, RateLimiter issuer) {
    return new Permit(id, slot, 0, issuer);
  }

  /** No permission yet. */
  public static Permit denied(long waitNanos) {
    return new Permit(-1, -1, Math.max(1, waitNanos), null);
  }

  /** True when a call may start now. */
  public boolean granted() {
    return waitNanos == 0;
  }
}
