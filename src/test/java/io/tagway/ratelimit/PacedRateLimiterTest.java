package io.tagway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacedRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final Duration MAX_CALL = Duration.ofSeconds(4);

  private final AtomicLong now = new AtomicLong(-5 * SECOND); // nanoTime may be negative

  private PacedRateLimiter limiter(int limit) {
    return new PacedRateLimiter(limit, Duration.ofMillis(10), MAX_CALL, now::get);
  }

  @Test
  void pacesStartsEvenlyLettingOnlyASmallBurstThrough() {
    PacedRateLimiter limiter = limiter(100);
    for (int i = 0; i <= PacedRateLimiter.BURST; i++) {
      assertThat(limiter.acquireNow().granted()).as("start %d", i).isTrue();
    }
    Permit next = limiter.acquireNow();
    assertThat(next.granted()).isFalse();
    assertThat(next.waitNanos()).isEqualTo(10 * MS); // interval 10 ms
    now.addAndGet(10 * MS);
    assertThat(limiter.acquireNow().granted()).isTrue();
    assertThat(limiter.acquireNow().granted()).isFalse();
  }

  @Test
  void oneAskGrantsWhatLoneAsksWouldAtThatMoment() {
    PacedRateLimiter limiter = limiter(100);
    List<Permit> permits = limiter.acquireNow(8);
    assertThat(permits).hasSize(PacedRateLimiter.BURST + 1).allSatisfy(p -> assertThat(p.granted()).isTrue());
    assertThat(permits).extracting(Permit::slot).doesNotHaveDuplicates();
    List<Permit> next = limiter.acquireNow(8);
    assertThat(next).hasSize(1);
    assertThat(next.get(0).granted()).isFalse();
    assertThat(next.get(0).waitNanos()).isEqualTo(10 * MS);
    now.addAndGet(25 * MS);
    assertThat(limiter.acquireNow(8)).as("two intervals later, two more").hasSize(2);

    PacedRateLimiter few = limiter(2);
    assertThat(few.acquireNow(8)).as("no more than the slots").hasSize(2);
    assertThat(few.acquireNow(1).get(0).granted()).isFalse();
  }

  @Test
  void aCallerThatWakesLateLosesNoStarts() {
    PacedRateLimiter limiter = limiter(100);
    int granted = 0;
    long end = now.get() + 500 * MS;
    while (now.get() - end < 0) {
      Permit permit = limiter.acquireNow();
      if (permit.granted()) {
        granted++;
        limiter.release(permit);
      } else {
        now.addAndGet(permit.waitNanos() + 3 * MS); // every wake-up 3 ms late
      }
    }
    // 100 per second: the lateness is made up for (with no tolerance it would be 500 / 13, about 38).
    assertThat(granted).isBetween(50, 50 + PacedRateLimiter.BURST + 1);
  }

  @Test
  void aSlotIsFreeOnlyASecondAfterItsCallEnded() {
    PacedRateLimiter limiter = new PacedRateLimiter(1, Duration.ofMillis(10), MAX_CALL, now::get);
    Permit call = limiter.acquireNow();
    now.addAndGet(300 * MS); // the call takes 300 ms
    limiter.release(call);
    assertThat(limiter.acquireNow().waitNanos()).isEqualTo(SECOND + 10 * MS);
    now.addAndGet(SECOND + 10 * MS);
    assertThat(limiter.acquireNow().granted()).isTrue();
  }

  @Test
  void aReleaseSentLateFreesTheSlotAsOfTheCallsEnd() {
    PacedRateLimiter limiter = new PacedRateLimiter(1, Duration.ofMillis(10), MAX_CALL, now::get);
    Permit call = limiter.acquireNow();
    now.addAndGet(300 * MS); // the call takes 300 ms; its caller releases it 20 ms after it ended
    limiter.release(call, 20 * MS);
    assertThat(limiter.acquireNow().waitNanos()).isEqualTo(SECOND + 10 * MS - 20 * MS);
  }

  @Test
  void aCallNeverReleasedFreesItsSlotAfterTheLongestCallTime() {
    PacedRateLimiter limiter = new PacedRateLimiter(1, Duration.ofMillis(10), MAX_CALL, now::get);
    limiter.acquireNow();
    assertThat(limiter.acquireNow().waitNanos()).isEqualTo(MAX_CALL.toNanos() + SECOND + 10 * MS);
  }

  @Test
  void releasingTwiceOrADeniedPermitChangesNothing() {
    PacedRateLimiter limiter = new PacedRateLimiter(1, Duration.ZERO, MAX_CALL, now::get);
    Permit call = limiter.acquireNow();
    limiter.release(call);
    now.addAndGet(SECOND);
    Permit next = limiter.acquireNow();
    assertThat(next.granted()).isTrue();
    limiter.release(call); // stale: must not free the slot that "next" holds now
    limiter.release(Permit.denied(5));
    assertThat(limiter.acquireNow().waitNanos()).isEqualTo(MAX_CALL.toNanos() + SECOND);
  }

  /**
   * Simulated upstream: every call arrives at a random moment between its start and its end, with
   * random durations; greedy callers ask again when told or earlier. The upstream never counts
   * more than the limit in any sliding second.
   */
  @ParameterizedTest(name = "limit {0}, seed {1}")
  @CsvSource({"100, 1", "100, 2", "100, 3", "10, 4", "1, 5", "1000, 6", "3, 7"})
  void theUpstreamNeverSeesMoreThanTheLimitInAnySecond(int limit, long seed) {
    PacedRateLimiter limiter = limiter(limit);
    Random random = new Random(seed);
    List<Long> arrivals = new ArrayList<>();
    PriorityQueue<long[]> inFlight = new PriorityQueue<>(Comparator.comparingLong((long[] c) -> c[0]));
    int granted = 0;
    for (int step = 0; step < 2_000_000 && granted < 20 * limit + 50; step++) {
      while (!inFlight.isEmpty() && inFlight.peek()[0] <= now.get()) {
        release(limiter, inFlight.poll());
      }
      Permit permit = limiter.acquireNow();
      if (permit.granted()) {
        granted++;
        long duration = random.nextInt(10) == 0 ? random.nextInt(3_000) * MS : random.nextInt(80) * MS;
        long start = now.get();
        arrivals.add(start + (long) (random.nextDouble() * duration));
        if (random.nextInt(50) != 0) { // now and then a call is never released
          inFlight.add(new long[] {start + duration, permit.id(), permit.slot()});
        }
        if (random.nextInt(4) != 0) {
          now.addAndGet(random.nextInt(3 * (int) MS));
        }
      } else {
        long wait = permit.waitNanos();
        long step2 = random.nextBoolean() ? wait : 1 + (long) (random.nextDouble() * wait);
        long nextEnd = inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek()[0] - now.get();
        now.addAndGet(Math.max(1, Math.min(step2, nextEnd)));
      }
    }
    arrivals.sort(Long::compare);
    assertThat(granted).isGreaterThan(10 * limit);
    assertThat(mostInAnySecond(arrivals)).isLessThanOrEqualTo(limit);
  }

  @Test
  void underSaturationWithMillisecondTimersItDeliversTheRateTheLatencyAllows() {
    // Calls take 30 ms: each slot cycles every 1 s + 30 ms + 10 ms margin, about 96 calls/s.
    PacedRateLimiter limiter = limiter(100);
    PriorityQueue<long[]> inFlight = new PriorityQueue<>(Comparator.comparingLong((long[] c) -> c[0]));
    long start = now.get();
    int granted = 0;
    while (now.get() - start < 10 * SECOND) {
      while (!inFlight.isEmpty() && inFlight.peek()[0] <= now.get()) {
        release(limiter, inFlight.poll());
      }
      Permit permit = limiter.acquireNow();
      if (permit.granted()) {
        granted++;
        inFlight.add(new long[] {now.get() + 30 * MS, permit.id(), permit.slot()});
      } else {
        now.addAndGet(Math.max(1, permit.waitNanos() / MS) * MS); // Vert.x timers: whole ms
      }
    }
    assertThat(granted).isBetween(940, 1000);
  }

  @Test
  void aPauseGrantsNothingUntilItEnds() {
    PacedRateLimiter limiter = limiter(100);
    limiter.pause(Duration.ofSeconds(2));
    assertThat(limiter.acquireNow().waitNanos()).isEqualTo(2 * SECOND);
    limiter.pause(Duration.ofMillis(10)); // a shorter pause never shortens a longer one
    now.addAndGet(2 * SECOND);
    assertThat(limiter.acquireNow().granted()).isTrue();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new PacedRateLimiter(0, Duration.ZERO, MAX_CALL, now::get)).hasMessageContaining("limit");
    assertThatThrownBy(() -> new PacedRateLimiter(10, Duration.ofMillis(-1), MAX_CALL, now::get)).hasMessageContaining("margin");
    assertThatThrownBy(() -> new PacedRateLimiter(10, Duration.ZERO, Duration.ZERO, now::get)).hasMessageContaining("maxCallTime");
  }

  private static void release(PacedRateLimiter limiter, long[] call) {
    limiter.release(new Permit(call[1], (int) call[2], 0, limiter));
  }

  private static int mostInAnySecond(List<Long> sortedArrivals) {
    ArrayDeque<Long> window = new ArrayDeque<>();
    int most = 0;
    for (long t : sortedArrivals) {
      window.addLast(t);
      while (window.peekFirst() <= t - SECOND) {
        window.removeFirst();
      }
      most = Math.max(most, window.size());
    }
    return most;
  }
}
