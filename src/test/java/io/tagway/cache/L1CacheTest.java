package io.tagway.cache;

import static io.tagway.cache.L1Cache.State.EXPIRED;
import static io.tagway.cache.L1Cache.State.FRESH;
import static io.tagway.cache.L1Cache.State.REFRESH;
import static java.time.Duration.ZERO;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofNanos;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class L1CacheTest {

  private static final Duration TTL = ofMinutes(10);
  private static final Duration NEGATIVE_TTL = ofMinutes(2);
  private static final Duration REFRESH_AGE = ofMinutes(4);
  private static final Duration GRACE = ofMinutes(30);
  private static final TagSet AB = TagSet.of("a", "b");
  private static final TagSet C = TagSet.of("c");

  private final FakeTicker ticker = new FakeTicker();
  private final L1Cache cache = cache(1_000, GRACE);

  @Test
  void absentAccountIsNull() {
    assertThat(cache.get("nobody")).isNull();
  }

  @Test
  void accountsOfEveryLengthAndAlphabetAreKeptApart() {
    List<String> accounts = List.of("u1", "u12345678", "u123456789012345", "u1234567890123456", "用户1", "caf\u00e9");
    List<TagSet> tags = accounts.stream().map(account -> TagSet.of("t" + account)).toList();
    for (int i = 0; i < accounts.size(); i++) {
      cache.put(accounts.get(i), tags.get(i));
    }
    for (int i = 0; i < accounts.size(); i++) {
      assertState(accounts.get(i), FRESH, tags.get(i));
    }
    cache.invalidate("u12345678");
    assertThat(cache.get("u12345678")).isNull();
    assertState("u123456789012345", FRESH, tags.get(2));
    assertThat(cache.get("u1234567")).isNull();
  }

  @Test
  void freshThenRefreshThenExpiredThenGoneAtTheExactBoundaries() {
    cache.put("u1", AB);

    assertState("u1", FRESH, AB);
    advanceTo(REFRESH_AGE.minusNanos(1));
    assertState("u1", FRESH, AB);
    advanceTo(REFRESH_AGE);
    assertState("u1", REFRESH, AB);
    advanceTo(TTL.minusNanos(1));
    assertState("u1", REFRESH, AB);
    advanceTo(TTL);
    assertState("u1", EXPIRED, AB);
    advanceTo(TTL.plus(GRACE).minusNanos(1));
    assertState("u1", EXPIRED, AB);
    advanceTo(TTL.plus(GRACE));
    assertThat(cache.get("u1")).isNull();
  }

  @Test
  void aSweepRemovesEntriesAtTheEndOfTheirGraceAndOnlyThose() {
    cache.put("u1", AB);
    cache.put("ghost", TagSet.EMPTY);
    advanceTo(NEGATIVE_TTL.plus(GRACE).minusNanos(1));
    assertThat(cache.sweep()).isZero();
    advanceTo(NEGATIVE_TTL.plus(GRACE));
    cache.put("u2", C);
    assertThat(cache.sweep()).isEqualTo(1);
    assertThat(cache.estimatedSize()).isEqualTo(2);
    advanceTo(TTL.plus(GRACE).minusNanos(1));
    assertThat(cache.sweep()).isZero();
    advanceTo(TTL.plus(GRACE));
    assertThat(cache.sweep()).isEqualTo(1);
    assertState("u2", REFRESH, C); // put 8 minutes ago
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(1);
  }

  @Test
  void anEntryPastItsGraceIsReplacedByAnyPutAndNotSwept() {
    cache.put("ghost", TagSet.EMPTY);
    advanceTo(NEGATIVE_TTL.plus(GRACE));
    cache.put("ghost", AB, NEGATIVE_TTL.plus(GRACE).plusSeconds(1)); // fetched before the dead entry, but alive
    assertState("ghost", EXPIRED, AB);
    assertThat(cache.sweep()).isZero();
    assertState("ghost", EXPIRED, AB);
  }

  @Test
  void withoutGraceAnEntryGoesStraightFromRefreshToGone() {
    L1Cache noGrace = cache(1_000, ZERO);
    noGrace.put("u1", AB);
    advanceTo(TTL.minusNanos(1));
    assertThat(noGrace.get("u1").state()).isEqualTo(REFRESH);
    advanceTo(TTL);
    assertThat(noGrace.get("u1")).isNull();
  }

  @Test
  void accountWithoutTagsUsesTheNegativeTtl() {
    cache.put("ghost", TagSet.EMPTY);
    Duration negativeRefresh = ofSeconds(48); // REFRESH_AGE * NEGATIVE_TTL / TTL

    advanceTo(negativeRefresh.minusNanos(1));
    assertState("ghost", FRESH, TagSet.EMPTY);
    advanceTo(negativeRefresh);
    assertState("ghost", REFRESH, TagSet.EMPTY);
    advanceTo(NEGATIVE_TTL.minusNanos(1));
    assertState("ghost", REFRESH, TagSet.EMPTY);
    advanceTo(NEGATIVE_TTL);
    assertState("ghost", EXPIRED, TagSet.EMPTY);
    advanceTo(NEGATIVE_TTL.plus(GRACE).minusNanos(1));
    assertState("ghost", EXPIRED, TagSet.EMPTY);
    advanceTo(NEGATIVE_TTL.plus(GRACE));
    assertThat(cache.get("ghost")).isNull();
  }

  @Test
  void aPutStartsTheAgeAgain() {
    cache.put("u1", AB);
    advanceTo(TTL);
    assertThat(cache.get("u1").state()).isEqualTo(EXPIRED);
    cache.put("u1", C);
    assertState("u1", FRESH, C);
    advanceTo(TTL.plus(REFRESH_AGE).minusNanos(1));
    assertState("u1", FRESH, C);
    advanceTo(TTL.plus(TTL).plus(GRACE));
    assertThat(cache.get("u1")).isNull();
  }

  @Test
  void replacingTagsWithNoTagsSwitchesToTheNegativeTtl() {
    cache.put("u1", AB);
    cache.put("u1", TagSet.EMPTY);
    advanceTo(NEGATIVE_TTL);
    assertState("u1", EXPIRED, TagSet.EMPTY);
    advanceTo(NEGATIVE_TTL.plus(GRACE));
    assertThat(cache.get("u1")).isNull();
  }

  @Test
  void putWithAnAgeKeepsTheOriginalFetchTime() {
    cache.put("u1", AB, REFRESH_AGE.minusSeconds(1));
    assertState("u1", FRESH, AB);
    ticker.advance(ofSeconds(1));
    assertState("u1", REFRESH, AB);

    cache.put("u2", AB, TTL);
    assertState("u2", EXPIRED, AB);
    ticker.advance(GRACE.minusNanos(1));
    assertState("u2", EXPIRED, AB);
    ticker.advance(ofNanos(1));
    assertThat(cache.get("u2")).isNull();
  }

  @Test
  void tagsTooOldToServeEvenStaleAreNotCached() {
    cache.put("u1", AB, TTL.plus(GRACE));
    cache.put("u2", AB, Duration.ofDays(365L * 1_000_000));
    cache.put("ghost", TagSet.EMPTY, NEGATIVE_TTL.plus(GRACE));
    assertThat(cache.get("u1")).isNull();
    assertThat(cache.get("u2")).isNull();
    assertThat(cache.get("ghost")).isNull();
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isZero();
  }

  @Test
  void aNegativeAgeCountsAsZero() {
    cache.put("u1", AB, ofSeconds(-30));
    advanceTo(REFRESH_AGE.minusNanos(1));
    assertState("u1", FRESH, AB);
    advanceTo(REFRESH_AGE);
    assertState("u1", REFRESH, AB);
  }

  @Test
  void olderTagsNeverReplaceYoungerOnes() {
    cache.put("u1", AB);
    cache.put("u1", C, ofSeconds(1));
    assertState("u1", FRESH, AB);
    advanceTo(REFRESH_AGE);
    assertState("u1", REFRESH, AB);

    cache.put("u1", C, REFRESH_AGE.minusNanos(1)); // fetched a nanosecond after AB
    assertState("u1", FRESH, C);
    cache.put("u1", AB, REFRESH_AGE.minusNanos(1)); // fetched at the same time as C: the later put wins
    assertState("u1", FRESH, AB);
    cache.put("u1", C, REFRESH_AGE);
    assertState("u1", FRESH, AB);
  }

  @Test
  void aRefusedOlderPutDoesNotProlongTheEntry() {
    cache.put("u1", AB);
    advanceTo(TTL);
    cache.put("u1", C, TTL.plusSeconds(1));
    assertState("u1", EXPIRED, AB);
    advanceTo(TTL.plus(GRACE));
    assertThat(cache.get("u1")).isNull();
  }

  @Test
  void olderTagsReplaceAnEntryPastItsGrace() {
    cache.put("u1", AB);
    advanceTo(TTL.plus(GRACE));
    cache.put("u1", C, TTL);
    assertState("u1", EXPIRED, C);
  }

  @Test
  void invalidateDropsOneAccount() {
    cache.put("u1", AB);
    cache.put("u2", C);
    cache.invalidate("u1");
    assertThat(cache.get("u1")).isNull();
    assertState("u2", FRESH, C);
    cache.invalidate("never-cached");
    assertThat(cache.estimatedSize()).isEqualTo(1);
  }

  @Test
  void invalidateAllDropsEverything() {
    for (int i = 0; i < 100; i++) {
      cache.put("u" + i, i % 2 == 0 ? AB : TagSet.EMPTY);
    }
    cache.invalidateAll();
    assertThat(cache.estimatedSize()).isZero();
    assertThat(cache.get("u0")).isNull();
    assertThat(cache.get("u1")).isNull();
  }

  @Test
  void maximumSizeBoundsTheCache() {
    L1Cache small = cache(100, GRACE);
    for (int i = 0; i < 1_000; i++) {
      small.put("u" + i, AB);
      small.get("u" + (i % 10)); // a few popular accounts
    }
    small.cleanUp();
    assertThat(small.estimatedSize()).isEqualTo(100);
    for (int i = 0; i < 10; i++) {
      assertThat(small.get("u" + i)).as("popular u%d", i).isNotNull();
    }
  }

  @Test
  void aFreshLookupAllocatesNothingNew() {
    cache.put("u1", AB);
    assertThat(cache.get("u1")).isSameAs(cache.get("u1"));
  }

  @Test
  void lookupsPrintTheirStateAndTags() {
    cache.put("u1", AB);
    assertThat(cache.get("u1")).hasToString("u1 FRESH [a, b]");
    advanceTo(REFRESH_AGE);
    assertThat(cache.get("u1")).hasToString("u1 REFRESH [a, b]");
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.put(null, AB)).isInstanceOf(NullPointerException.class).hasMessage("account");
    assertThatThrownBy(() -> cache.put("u1", null)).isInstanceOf(NullPointerException.class).hasMessage("tags");
    assertThatThrownBy(() -> cache.put("u1", AB, null)).isInstanceOf(NullPointerException.class).hasMessage("age");
    assertThatThrownBy(() -> cache.invalidate(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new L1Cache(options(10, GRACE, 0), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
    assertThat(cache.estimatedSize()).isZero();
  }

  @Test
  void worksOnTheSystemTicker() {
    L1Cache real = new L1Cache(options(10, GRACE, 0.2));
    real.put("u1", AB);
    assertState(real, "u1", FRESH, AB);
  }

  private L1Cache cache(long maximumSize, Duration grace) {
    return new L1Cache(options(maximumSize, grace, 0), ticker);
  }

  private static L1Options options(long maximumSize, Duration grace, double jitter) {
    return new L1Options(maximumSize, TTL, NEGATIVE_TTL, REFRESH_AGE, grace, jitter);
  }

  private Duration elapsed = ZERO;

  /** Advances the ticker to {@code age} after the test's first put. */
  private void advanceTo(Duration age) {
    assertThat(age).isGreaterThanOrEqualTo(elapsed);
    ticker.advance(age.minus(elapsed));
    elapsed = age;
  }

  private void assertState(String account, L1Cache.State state, TagSet tags) {
    assertState(cache, account, state, tags);
  }

  private static void assertState(L1Cache cache, String account, L1Cache.State state, TagSet tags) {
    L1Cache.Lookup lookup = cache.get(account);
    assertThat(lookup).as(account).isNotNull();
    assertThat(lookup.state()).as(account).isEqualTo(state);
    assertThat(lookup.tags()).as(account).isSameAs(tags);
  }
}
