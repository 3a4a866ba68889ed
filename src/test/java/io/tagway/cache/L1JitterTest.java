package io.tagway.cache;

import static io.tagway.cache.L1Cache.State.EXPIRED;
import static io.tagway.cache.L1Cache.State.FRESH;
import static io.tagway.cache.L1Cache.State.REFRESH;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class L1JitterTest {

  private static final Duration TTL = ofMinutes(10);
  private static final Duration NEGATIVE_TTL = ofMinutes(2);
  private static final Duration REFRESH_AGE = ofMinutes(4);
  private static final Duration GRACE = ofMinutes(30);
  private static final double JITTER = 0.3;
  private static final TagSet AB = TagSet.of("a", "b");

  private final FakeTicker ticker = new FakeTicker();
  private final L1Cache cache = new L1Cache(options(JITTER), ticker);

  @Test
  void agesStayWithinTheJitter() {
    for (int i = 0; i < 10_000; i++) {
      String account = "user" + i;
      assertWithin(cache.refreshAge(account, AB), REFRESH_AGE);
      assertWithin(cache.ttl(account, AB), TTL);
      assertWithin(cache.refreshAge(account, TagSet.EMPTY), REFRESH_AGE.multipliedBy(2).dividedBy(10));
      assertWithin(cache.ttl(account, TagSet.EMPTY), NEGATIVE_TTL);
    }
  }

  @Test
  void agesSpreadEvenlyOverTheJitter() {
    int accounts = 10_000;
    int[] buckets = new int[10];
    double shortest = 1;
    double longest = 0;
    for (int i = 0; i < accounts; i++) {
      double cut = 1 - fraction(cache.ttl("user" + i, AB), TTL); // in [0, JITTER)
      buckets[(int) (cut / JITTER * buckets.length)]++;
      shortest = Math.min(shortest, cut);
      longest = Math.max(longest, cut);
    }
    for (int count : buckets) {
      assertThat(count).isBetween(accounts / 10 * 8 / 10, accounts / 10 * 12 / 10);
    }
    assertThat(shortest).isLessThan(0.001);
    assertThat(longest).isGreaterThan(JITTER - 0.001);
  }

  @Test
  void refreshAgeAndTtlOfAnAccountAreShortenedAlike() {
    for (String account : List.of("a", "b", "user42", "", "😀")) {
      double ttlFraction = fraction(cache.ttl(account, AB), TTL);
      assertThat(fraction(cache.refreshAge(account, AB), REFRESH_AGE)).isCloseTo(ttlFraction, within(1e-9));
      assertThat(fraction(cache.ttl(account, TagSet.EMPTY), NEGATIVE_TTL)).isCloseTo(ttlFraction, within(1e-9));
    }
  }

  @Test
  void sameAccountSameAgesInEveryCache() {
    L1Cache other = new L1Cache(options(JITTER), new FakeTicker());
    for (int i = 0; i < 100; i++) {
      assertThat(other.ttl("user" + i, AB)).isEqualTo(cache.ttl("user" + i, AB));
      assertThat(other.refreshAge("user" + i, AB)).isEqualTo(cache.refreshAge("user" + i, AB));
    }
  }

  @Test
  void withoutJitterEveryAccountHasTheExactAges() {
    L1Cache exact = new L1Cache(options(0), ticker);
    for (int i = 0; i < 1_000; i++) {
      assertThat(exact.refreshAge("user" + i, AB)).isEqualTo(REFRESH_AGE);
      assertThat(exact.ttl("user" + i, AB)).isEqualTo(TTL);
      assertThat(exact.ttl("user" + i, TagSet.EMPTY)).isEqualTo(NEGATIVE_TTL);
    }
  }

  @Test
  void aJitteredAccountChangesStateAtItsOwnBoundaries() {
    String account = "user7";
    Duration refresh = cache.refreshAge(account, AB);
    Duration ttl = cache.ttl(account, AB);
    assertThat(ttl).isLessThan(TTL);
    cache.put(account, AB);
    Duration elapsed = Duration.ZERO;
    for (Duration age : List.of(refresh.minusNanos(1), refresh, ttl.minusNanos(1), ttl,
        ttl.plus(GRACE).minusNanos(1))) {
      ticker.advance(age.minus(elapsed));
      elapsed = age;
      L1Cache.State expected = age.compareTo(refresh) < 0 ? FRESH : age.compareTo(ttl) < 0 ? REFRESH : EXPIRED;
      assertThat(cache.get(account).state()).as("at %s", age).isEqualTo(expected);
    }
    ticker.advance(Duration.ofNanos(1));
    assertThat(cache.get(account)).isNull();
  }

  @Test
  void aSweepRemovesExactlyTheEntriesNoLookupSeesAnyMore() {
    int accounts = 2_000;
    L1Cache swept = new L1Cache(new L1Options(10_000, TTL, NEGATIVE_TTL, REFRESH_AGE, ofMinutes(1), JITTER), ticker);
    for (int i = 0; i < accounts; i++) {
      swept.put("user" + i, i % 3 == 0 ? TagSet.EMPTY : AB);
    }
    int left = accounts;
    for (Duration age = Duration.ZERO; left > 0; age = age.plusSeconds(5)) {
      int alive = 0;
      for (int i = 0; i < accounts; i++) {
        alive += swept.get("user" + i) == null ? 0 : 1;
      }
      int removed = swept.sweep();
      assertThat(left - removed).as("at %s", age).isEqualTo(alive);
      left = alive;
      swept.cleanUp();
      assertThat(swept.estimatedSize()).as("at %s", age).isEqualTo(alive);
      ticker.advance(Duration.ofSeconds(5));
    }
  }

  @Test
  void accountsFilledTogetherFallDueSpreadOut() {
    Duration grace = ofMinutes(2);
    L1Cache shortLived = new L1Cache(new L1Options(1_000, TTL, NEGATIVE_TTL, REFRESH_AGE, grace, JITTER), ticker);
    int accounts = 500;
    for (int i = 0; i < accounts; i++) {
      shortLived.put("user" + i, AB);
    }
    Duration step = Duration.ofSeconds(1);
    Map<String, Duration> refreshSeen = new HashMap<>();
    Map<String, Duration> expiredSeen = new HashMap<>();
    Map<String, Duration> goneSeen = new HashMap<>();
    for (Duration age = Duration.ZERO; age.compareTo(TTL.plus(grace)) <= 0; age = age.plus(step)) {
      for (int i = 0; i < accounts; i++) {
        String account = "user" + i;
        L1Cache.Lookup lookup = shortLived.get(account);
        Map<String, Duration> seen =
            lookup == null ? goneSeen
                : lookup.state() == REFRESH ? refreshSeen
                : lookup.state() == EXPIRED ? expiredSeen
                : null;
        if (seen != null) {
          seen.putIfAbsent(account, age);
        }
      }
      ticker.advance(step);
    }
    for (int i = 0; i < accounts; i++) {
      String account = "user" + i;
      assertThat(refreshSeen.get(account)).isEqualTo(roundUp(shortLived.refreshAge(account, AB), step));
      assertThat(expiredSeen.get(account)).isEqualTo(roundUp(shortLived.ttl(account, AB), step));
      assertThat(goneSeen.get(account)).isEqualTo(roundUp(shortLived.ttl(account, AB).plus(grace), step));
    }
    // 500 accounts over 72 one-second steps of refresh jitter, and 180 of TTL jitter
    assertThat(new TreeSet<>(refreshSeen.values())).hasSizeGreaterThan(60);
    assertThat(new TreeSet<>(expiredSeen.values())).hasSizeGreaterThan(140);
  }

  @Test
  void unitValuesCoverZeroToOne() {
    for (int hash : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, "".hashCode()}) {
      assertThat(L1Cache.unit(hash)).isGreaterThanOrEqualTo(0).isLessThan(1);
    }
    assertThat(L1Cache.unit(0)).isNotZero();
    assertThat(L1Cache.unit(1)).isNotEqualTo(L1Cache.unit(2));
  }

  private static L1Options options(double jitter) {
    return new L1Options(100_000, TTL, NEGATIVE_TTL, REFRESH_AGE, GRACE, jitter);
  }

  private static void assertWithin(Duration jittered, Duration full) {
    assertThat(fraction(jittered, full)).isGreaterThan(1 - JITTER).isLessThanOrEqualTo(1);
  }

  private static double fraction(Duration part, Duration whole) {
    return (double) part.toNanos() / whole.toNanos();
  }

  /** The first multiple of {@code step} at or past {@code age}. */
  private static Duration roundUp(Duration age, Duration step) {
    long steps = (age.toNanos() + step.toNanos() - 1) / step.toNanos();
    return step.multipliedBy(steps);
  }
}
