package io.tagway.cache;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofNanos;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class L1OptionsTest {

  private static final Duration TTL = ofMinutes(10);
  private static final Duration NEGATIVE = ofMinutes(1);
  private static final Duration REFRESH = ofMinutes(5);
  private static final Duration GRACE = ofMinutes(60);

  @Test
  void acceptsSensibleOptions() {
    L1Options options = new L1Options(1_000_000, TTL, NEGATIVE, REFRESH, GRACE, 0.1);
    assertThat(options.ttl()).isEqualTo(TTL);
    assertThat(options.negativeRefreshAge()).isEqualTo(ofSeconds(30));
  }

  @Test
  void acceptsTheEdges() {
    new L1Options(1, TTL, TTL, TTL.minusNanos(1), ZERO, 0);
    new L1Options(Long.MAX_VALUE, TTL, ofNanos(1), ofNanos(1), Duration.ofDays(365L * 99), 0.5);
  }

  @Test
  void refusesANonPositiveSize() {
    assertRefused(0, TTL, NEGATIVE, REFRESH, GRACE, 0.1, "maximumSize must be positive, was 0");
    assertRefused(-5, TTL, NEGATIVE, REFRESH, GRACE, 0.1, "maximumSize must be positive, was -5");
  }

  @Test
  void refusesMissingDurations() {
    assertRefused(10, null, NEGATIVE, REFRESH, GRACE, 0.1, "ttl must be set");
    assertRefused(10, TTL, null, REFRESH, GRACE, 0.1, "negativeTtl must be set");
    assertRefused(10, TTL, NEGATIVE, null, GRACE, 0.1, "refreshAge must be set");
    assertRefused(10, TTL, NEGATIVE, REFRESH, null, 0.1, "staleGrace must be set");
  }

  @Test
  void refusesZeroOrNegativeAges() {
    assertRefused(10, ZERO, NEGATIVE, REFRESH, GRACE, 0.1, "ttl must be positive, was PT0S");
    assertRefused(10, TTL, ofSeconds(-1), REFRESH, GRACE, 0.1, "negativeTtl must be positive, was PT-1S");
    assertRefused(10, TTL, NEGATIVE, ZERO, GRACE, 0.1, "refreshAge must be positive, was PT0S");
    assertRefused(10, TTL, NEGATIVE, REFRESH, ofNanos(-1), 0.1,
        "staleGrace must be zero or positive, was PT-0.000000001S");
  }

  @Test
  void refusesAgesInTheWrongOrder() {
    assertRefused(10, TTL, TTL.plusNanos(1), REFRESH, GRACE, 0.1,
        "negativeTtl (PT10M0.000000001S) must not be longer than ttl (PT10M)");
    assertRefused(10, TTL, NEGATIVE, TTL, GRACE, 0.1, "refreshAge (PT10M) must be shorter than ttl (PT10M)");
    assertRefused(10, TTL, NEGATIVE, ofMinutes(11), GRACE, 0.1,
        "refreshAge (PT11M) must be shorter than ttl (PT10M)");
  }

  @Test
  void refusesLifetimesBeyondWhatCaffeineHolds() {
    assertRefused(10, TTL, NEGATIVE, REFRESH, Duration.ofDays(365L * 200), 0.1,
        "ttl + staleGrace must be at most 100 years, was PT1752000H10M");
    assertRefused(10, Duration.ofSeconds(Long.MAX_VALUE), NEGATIVE, REFRESH, ZERO, 0.1,
        "ttl + staleGrace must be at most 100 years, was PT2562047788015215H30M7S");
  }

  @Test
  void refusesJitterOutsideZeroToAHalf() {
    assertRefused(10, TTL, NEGATIVE, REFRESH, GRACE, -0.01, "jitter must be between 0 and 0.5, was -0.01");
    assertRefused(10, TTL, NEGATIVE, REFRESH, GRACE, 0.51, "jitter must be between 0 and 0.5, was 0.51");
    assertRefused(10, TTL, NEGATIVE, REFRESH, GRACE, Double.NaN, "jitter must be between 0 and 0.5, was NaN");
    assertRefused(10, TTL, NEGATIVE, REFRESH, GRACE, Double.POSITIVE_INFINITY,
        "jitter must be between 0 and 0.5, was Infinity");
  }

  @Test
  void negativeRefreshAgeScalesWithTheTtls() {
    assertThat(new L1Options(10, ofSeconds(3), ofSeconds(1), ofSeconds(2), ZERO, 0).negativeRefreshAge())
        .isEqualTo(ofNanos(666_666_666));
    assertThat(new L1Options(10, TTL, TTL, REFRESH, ZERO, 0).negativeRefreshAge()).isEqualTo(REFRESH);
    assertThat(new L1Options(10, Duration.ofDays(365L * 90), ofNanos(3), Duration.ofDays(365L * 60), ZERO, 0)
            .negativeRefreshAge())
        .isEqualTo(ofNanos(2));
  }

  @Test
  void negativeRefreshAgeIsAtLeastOneNanosecond() {
    assertThat(new L1Options(10, TTL, ofNanos(1), ofNanos(1), ZERO, 0).negativeRefreshAge())
        .isEqualTo(ofNanos(1));
  }

  private static void assertRefused(
      long size, Duration ttl, Duration negativeTtl, Duration refresh, Duration grace, double jitter,
      String message) {
    assertThatThrownBy(() -> new L1Options(size, ttl, negativeTtl, refresh, grace, jitter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
