package io.tagway.cache;

import java.math.BigInteger;
import java.time.Duration;

/**
 * Size and ages of the {@link L1Cache}.
 *
 * <p>An entry with tags is {@link L1Cache.State#FRESH} until {@code refreshAge}, then {@link
 * L1Cache.State#REFRESH} (served, and refreshed in the background) until {@code ttl}, then {@link
 * L1Cache.State#EXPIRED} (served only when the upstream fails) for {@code staleGrace}, and then
 * removed. An entry without tags does the same with {@code negativeTtl} and {@link
 * #negativeRefreshAge()}. Each account's TTL and refresh age are shortened by up to {@code jitter}.
 *
 * @param maximumSize most accounts held; beyond it the least useful are evicted
 * @param ttl how long tags are served as current
 * @param negativeTtl how long "no tags" is served as current; at most {@code ttl}
 * @param refreshAge the age past which tags are still served but refreshed; under {@code ttl}
 * @param staleGrace how long after its TTL an entry is kept to be served stale if the upstream fails
 * @param jitter the largest fraction, 0 to 0.5, by which an account's TTL and refresh age are shortened
 */
public record L1Options(
    long maximumSize,
    Duration ttl,
    Duration negativeTtl,
    Duration refreshAge,
    Duration staleGrace,
    double jitter) {

  /** Longest lifetime, TTL plus grace: well within Caffeine's limit of about 146 years. */
  private static final Duration LONGEST = Duration.ofDays(365L * 100);

  /** Checks the options. */
  public L1Options {
    if (maximumSize <= 0) {
      throw new IllegalArgumentException("maximumSize must be positive, was " + maximumSize);
    }
    requirePositive("ttl", ttl);
    requirePositive("negativeTtl", negativeTtl);
    requirePositive("refreshAge", refreshAge);
    if (staleGrace == null) {
      throw new IllegalArgumentException("staleGrace must be set");
    }
    if (staleGrace.isNegative()) {
      throw new IllegalArgumentException("staleGrace must be zero or positive, was " + staleGrace);
    }
    if (negativeTtl.compareTo(ttl) > 0) {
      throw new IllegalArgumentException(
          "negativeTtl (" + negativeTtl + ") must not be longer than ttl (" + ttl + ")");
    }
    if (refreshAge.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException(
          "refreshAge (" + refreshAge + ") must be shorter than ttl (" + ttl + ")");
    }
    if (ttl.plus(staleGrace).compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          "ttl + staleGrace must be at most 100 years, was " + ttl.plus(staleGrace));
    }
    if (!(jitter >= 0 && jitter <= 0.5)) {
      throw new IllegalArgumentException("jitter must be between 0 and 0.5, was " + jitter);
    }
  }

  /**
   * The refresh age of entries without tags: {@code refreshAge} scaled by {@code negativeTtl /
   * ttl} (rounded down to the nanosecond), so "no tags" is refreshed at the same point of its
   * shorter life. At least one nanosecond.
   */
  public Duration negativeRefreshAge() {
    BigInteger scaled =
        BigInteger.valueOf(refreshAge.toNanos())
            .multiply(BigInteger.valueOf(negativeTtl.toNanos()))
            .divide(BigInteger.valueOf(ttl.toNanos()));
    return Duration.ofNanos(Math.max(1, scaled.longValueExact()));
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be set");
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
