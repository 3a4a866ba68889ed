package io.tagway.lookup;

import static io.tagway.lookup.LookupFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.batch.Priority;
import io.tagway.emulator.EmulatorStats;
import io.tagway.emulator.Population;
import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lookup engine end to end: the emulator over HTTP as upstream, a real Redis as L2. */
@ExtendWith(RedisExtension.class)
@Timeout(120)
class LookupServiceTest {

  private static final Population TRUTH = new Population(42, 100_000);
  private LookupFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private LookupFixture fixture(String redisUrl, Duration window) {
    fixture = new LookupFixture(redisUrl, LookupFixture.window(window),
        LookupFixture.l1(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofHours(1)), Duration.ofSeconds(2));
    return fixture;
  }

  private static List<String> accounts(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(Population::account).toList();
  }

  @Test
  void thousandConcurrentLookupsOfDistinctColdAccountsMakeTenUpstreamCalls() {
    LookupFixture f = fixture(null, Duration.ofMillis(200));
    List<Future<LookupResult>> answers = new ArrayList<>();
    for (String account : accounts(0, 1000)) {
      answers.add(f.service.lookup(List.of(account), System.nanoTime() + 20_000_000_000L, Priority.INTERACTIVE));
    }
    for (int i = 0; i < 1000; i++) {
      LookupResult result = await(answers.get(i));
      assertThat(result.tags(0).tags()).isEqualTo(TRUTH.tagsOf(Population.account(i)));
      assertThat(result.tier(0)).isEqualTo(Tier.MISS);
    }
    assertThat(f.upstreamCalls()).isEqualTo(10);
    assertThat(f.emulator.stats().batchSizeHistogram()).containsExactly(Map.entry(100, 10L));
  }

  @Test
  void theSameAccountAskedAThousandTimesAtOnceReachesTheUpstreamOnce() {
    LookupFixture f = fixture(null, Duration.ofMillis(5));
    List<Future<LookupResult>> answers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      answers.add(f.service.lookup(List.of("u7"), System.nanoTime() + 20_000_000_000L, Priority.INTERACTIVE));
    }
    answers.forEach(a -> assertThat(await(a).tags(0).tags()).isEqualTo(TRUTH.tagsOf("u7")));
    assertThat(f.upstreamCalls()).isEqualTo(1);
  }

  @Test
  void twentyThousandColdAccountsAtOnceAllCompleteWithinTheLimits() {
    LookupFixture f = fixture(null, Duration.ofMillis(5));
    List<Future<LookupResult>> answers = new ArrayList<>();
    for (int start = 0; start < 20_000; start += 50) {
      answers.add(f.service.lookup(accounts(start, 50), System.nanoTime() + 60_000_000_000L, Priority.INTERACTIVE));
    }
    for (Future<LookupResult> answer : answers) {
      LookupResult result = await(answer);
      for (int i = 0; i < result.size(); i++) {
        assertThat(result.failure(i)).as("failure of %s", result.account(i)).isNull();
        assertThat(result.tags(i).tags()).isEqualTo(TRUTH.tagsOf(result.account(i)));
      }
    }
    EmulatorStats stats = f.emulator.stats();
    assertThat(stats.batchSizeHistogram().keySet()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(100));
    assertThat(stats.maxCallsInAnySecond()).isLessThanOrEqualTo(100);
    assertThat(stats.rateLimitViolations()).isZero();
    // Retries (a call timing out on a loaded machine) may ask for some accounts twice.
    assertThat(stats.accountsRequested()).isBetween(20_000L, 21_000L);
    assertThat(f.upstreamCalls()).isBetween(200L, 210L);
  }

  @Test
  void accountsWithoutTagsAreCachedAsNegativeEntries() {
    LookupFixture f = fixture(null, Duration.ofMillis(1));
    LookupResult first = f.lookup(List.of("nobody", "u1"));
    assertThat(first.tags(0).isEmpty()).isTrue();
    assertThat(first.tier(0)).isEqualTo(Tier.MISS);
    LookupResult second = f.lookup(List.of("nobody"));
    assertThat(second.tier(0)).isEqualTo(Tier.L1);
    assertThat(f.upstreamCalls()).isEqualTo(1);
    f.advance(Duration.ofMinutes(1)); // the negative TTL
    assertThat(f.lookup(List.of("nobody")).tier(0)).isEqualTo(Tier.MISS);
    assertThat(f.lookup(List.of("u1")).tier(0)).isEqualTo(Tier.L1);
    assertThat(f.upstreamCalls()).isEqualTo(2);
  }

  @Test
  void pastTheRefreshAgeAnEntryIsServedAndRefreshedInTheBackground() {
    LookupFixture f = fixture(null, Duration.ofMillis(1));
    f.lookup(List.of("u3"));
    f.advance(Duration.ofMinutes(6));
    LookupResult refreshed = f.lookup(List.of("u3"));
    assertThat(refreshed.tier(0)).isEqualTo(Tier.L1);
    awaitRefilled(f, "u3");
    assertThat(f.upstreamCalls()).isEqualTo(2);
    f.advance(Duration.ofMinutes(5)); // past the old TTL, but the refresh restarted the clock
    assertThat(f.lookup(List.of("u3")).tier(0)).isEqualTo(Tier.L1);
    assertThat(f.upstreamCalls()).isEqualTo(2);
  }

  @Test
  void pastTheTtlAnEntryIsAMiss() {
    LookupFixture f = fixture(null, Duration.ofMillis(1));
    f.lookup(List.of("u4"));
    f.advance(Duration.ofMinutes(10));
    assertThat(f.lookup(List.of("u4")).tier(0)).isEqualTo(Tier.MISS);
    assertThat(f.upstreamCalls()).isEqualTo(2);
  }

  @Test
  void identicalTagSetsAreStoredOnce() {
    LookupFixture f = fixture(null, Duration.ofMillis(1));
    List<String> accounts = accounts(0, 2000);
    f.lookup(accounts.subList(0, 1000));
    f.lookup(accounts.subList(1000, 2000));
    Map<List<String>, Object> seen = new java.util.HashMap<>();
    int shared = 0;
    for (String account : accounts) {
      var hit = f.l1.get(account);
      Object previous = seen.putIfAbsent(hit.tags().tags(), hit.tags());
      if (previous != null) {
        assertThat(hit.tags()).isSameAs(previous);
        shared++;
      }
    }
    assertThat(shared).as("some of 2,000 accounts share a tag set").isPositive();
    assertThat(f.lookup(List.of("x-none")).tags(0)).isSameAs(f.lookup(List.of("y-none")).tags(0));
  }

  @Test
  void afterL1EvictionLookupsComeFromL2(TestRedis redis) {
    LookupFixture f = fixture(redis.url(), Duration.ofMillis(1));
    List<String> accounts = accounts(500, 10);
    f.lookup(accounts);
    awaitL2(f, accounts);
    f.l1.invalidateAll();
    LookupResult fromL2 = f.lookup(accounts);
    for (int i = 0; i < accounts.size(); i++) {
      assertThat(fromL2.tier(i)).isEqualTo(Tier.L2);
      assertThat(fromL2.tags(i).tags()).isEqualTo(TRUTH.tagsOf(accounts.get(i)));
    }
    assertThat(f.lookup(accounts).tier(0)).isEqualTo(Tier.L1);
    assertThat(f.upstreamCalls()).isEqualTo(1);
  }

  @Test
  void withRedisDownLookupsGoUpstreamAndL2ComesBackWithoutARestart() {
    try (TestRedis own = TestRedis.startOwn()) {
      LookupFixture f = fixture(own.url(), Duration.ofMillis(1));
      own.stop();
      LookupResult whileDown = f.lookup(accounts(600, 5));
      for (int i = 0; i < 5; i++) {
        assertThat(whileDown.failure(i)).isNull();
        assertThat(whileDown.tier(i)).isEqualTo(Tier.MISS);
      }
      own.restart();
      List<String> later = accounts(700, 5);
      awaitL2Filled(f, later);
      f.l1.invalidateAll();
      assertThat(f.lookup(later).tier(0)).isEqualTo(Tier.L2);
    }
  }

  /** Waits until the fill of these accounts reached Redis (fills are written asynchronously). */
  private static void awaitL2(LookupFixture f, List<String> accounts) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (await(f.l2.getAll(accounts)).size() < accounts.size()) {
      assertThat(System.nanoTime()).as("L2 filled in time").isLessThan(deadline);
    }
  }

  /** Looks the accounts up (again) until Redis is back and holds them. */
  private static void awaitL2Filled(LookupFixture f, List<String> accounts) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (await(f.l2.getAll(accounts)).size() < accounts.size()) {
      assertThat(System.nanoTime()).as("Redis back in time").isLessThan(deadline);
      f.l1.invalidateAll();
      f.lookup(accounts);
    }
  }

  /** Waits until the background refresh has put a fresh entry into L1 (the ticker stands still). */
  private static void awaitRefilled(LookupFixture f, String account) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (f.l1.get(account).state() != io.tagway.cache.L1Cache.State.FRESH) {
      assertThat(System.nanoTime()).as("background refresh in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
