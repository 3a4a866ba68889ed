package io.tagway.lookup;

import static io.tagway.lookup.LookupFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.batch.CoalescerOptions;
import io.tagway.batch.MissFailure;
import io.tagway.batch.Priority;
import io.tagway.emulator.EmulatorFaults;
import io.tagway.emulator.EmulatorStats;
import io.tagway.emulator.Population;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream faults and overload, through the service, against the emulator over HTTP. */
@Timeout(120)
class LookupFailureTest {

  private static final Population TRUTH = new Population(42, 100_000);
  private LookupFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private LookupFixture fixture(CoalescerOptions options) {
    fixture = new LookupFixture(null, options,
        LookupFixture.l1(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofHours(1)), Duration.ofMillis(300));
    return fixture;
  }

  private static List<String> accounts(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(Population::account).toList();
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("91000", EmulatorFaults.NONE.withInternalErrorShare(1)),
        Arguments.of("HTTP 502", EmulatorFaults.NONE.withBadGatewayShare(1)),
        Arguments.of("hung connections", EmulatorFaults.NONE.withHangShare(1).withHangCapMs(5_000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void cachedAccountsAreServedStaleAndOnlyTheOthersFail(String name, EmulatorFaults faults) {
    LookupFixture f = fixture(LookupFixture.window(Duration.ofMillis(1)));
    List<String> cached = accounts(100, 5);
    List<String> cold = accounts(200, 5);
    f.lookup(cached);
    f.advance(Duration.ofMinutes(11)); // past the TTL, within the grace
    f.emulator.faults(faults);

    List<String> both = new ArrayList<>(cached);
    both.addAll(cold);
    LookupResult result = f.lookup(both);

    for (int i = 0; i < 5; i++) {
      assertThat(result.tier(i)).isEqualTo(Tier.STALE);
      assertThat(result.tags(i).tags()).isEqualTo(TRUTH.tagsOf(cached.get(i)));
    }
    for (int i = 5; i < 10; i++) {
      assertThat(result.failure(i).reason()).isEqualTo(MissFailure.Reason.UPSTREAM_UNAVAILABLE);
      assertThat(result.failure(i).message()).doesNotContain("usersig").doesNotContain(LookupFixture.KEY);
    }
    // The first fill, then one attempt and two retries of the one batch.
    assertThat(f.upstreamCalls()).isEqualTo(4);
  }

  @Test
  void aFailingUpstreamCausesNoRetryStorm() {
    LookupFixture f = fixture(new CoalescerOptions(Duration.ofMillis(5), 100, 50_000, 10_000, 2, Duration.ofMillis(1)));
    f.emulator.faults(EmulatorFaults.NONE.withInternalErrorShare(1));
    List<io.vertx.core.Future<LookupResult>> answers = new ArrayList<>();
    for (int start = 0; start < 10_000; start += 100) {
      answers.add(f.service.lookup(accounts(start, 100), System.nanoTime() + 60_000_000_000L, Priority.INTERACTIVE));
    }
    answers.forEach(answer -> {
      LookupResult result = await(answer);
      for (int i = 0; i < result.size(); i++) {
        assertThat(result.failure(i).reason()).isEqualTo(MissFailure.Reason.UPSTREAM_UNAVAILABLE);
      }
    });
    EmulatorStats stats = f.emulator.stats();
    assertThat(f.upstreamCalls()).isEqualTo(300); // 100 batches, three attempts each
    assertThat(stats.maxCallsInAnySecond()).isLessThanOrEqualTo(100);
    assertThat(stats.rateLimitViolations()).isZero();
  }

  @Test
  void aFullQueueIsAnsweredAtOnce() {
    LookupFixture f = fixture(new CoalescerOptions(Duration.ofMillis(5), 100, 1_000, 100, 2, Duration.ofMillis(20)));
    f.emulator.faults(EmulatorFaults.NONE.withLatency(2_000, 0));
    LookupResult result = f.lookup(accounts(0, 5_000));
    long full = IntStream.range(0, result.size())
        .filter(i -> result.failure(i) != null && result.failure(i).reason() == MissFailure.Reason.QUEUE_FULL)
        .count();
    assertThat(full).isEqualTo(4_000);
    assertThat(result.failure(4_999).retryAfter()).isPositive();
  }

  @Test
  void anUnmeetableDeadlineIsAnsweredAtOnce() {
    LookupFixture f = fixture(LookupFixture.window(Duration.ofMillis(5)));
    f.emulator.faults(EmulatorFaults.NONE.withLatency(2_000, 0));
    // 20,000 accounts ahead need about two seconds at 100 calls per second.
    io.vertx.core.Future<LookupResult> ahead =
        f.service.lookup(accounts(0, 20_000), System.nanoTime() + 60_000_000_000L, Priority.INTERACTIVE);
    LookupResult urgent = await(f.service.lookup(List.of("u99999"),
        System.nanoTime() + Duration.ofMillis(500).toNanos(), Priority.INTERACTIVE));
    assertThat(urgent.failure(0).reason()).isEqualTo(MissFailure.Reason.DEADLINE_UNMEETABLE);
    assertThat(urgent.failure(0).retryAfter()).isGreaterThan(Duration.ofMillis(500));
    assertThat(ahead.isComplete()).as("answered before the queue ahead moved").isFalse();
    await(ahead);
  }
}
