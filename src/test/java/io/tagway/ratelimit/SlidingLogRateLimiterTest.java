package io.tagway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlidingLogRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(-5 * SECOND); // nanoTime may be negative

  @Test
  void grantsABurstUpToTheLimitThenSaysHowLongToWait() {
    SlidingLogRateLimiter limiter = new SlidingLogRateLimiter(100, Duration.ofSeconds(1), now::get);
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.acquireNow()).isZero();
    }
    assertThat(limiter.acquireNow()).isEqualTo(SECOND);
    now.addAndGet(SECOND - 1);
    assertThat(limiter.acquireNow()).isEqualTo(1);
    now.addAndGet(1);
    assertThat(limiter.acquireNow()).isZero();
    assertThat(limiter.acquireNow()).isZero();
  }

  @Test
  void theMarginWidensTheWindow() {
    SlidingLogRateLimiter limiter = new SlidingLogRateLimiter(2, Duration.ofMillis(1020), now::get);
    limiter.acquireNow();
    limiter.acquireNow();
    now.addAndGet(SECOND);
    assertThat(limiter.acquireNow()).isEqualTo(20 * MS);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 4242})
  void neverMoreThanTheLimitInAnySlidingSecondWhateverTheArrivals(long seed) {
    int limit = 100;
    SlidingLogRateLimiter limiter = new SlidingLogRateLimiter(limit, Duration.ofSeconds(1), now::get);
    Random random = new Random(seed);
    List<Long> grants = new ArrayList<>();
    // Bursty, greedy callers: they retry exactly when told, or at random earlier times.
    for (int step = 0; step < 200_000 && grants.size() < 5_000; step++) {
      long wait = limiter.acquireNow();
      if (wait == 0) {
        grants.add(now.get());
        now.addAndGet(random.nextInt(3) == 0 ? 0 : random.nextInt(5 * (int) MS));
      } else {
        now.addAndGet(random.nextBoolean() ? wait : 1 + random.nextLong(wait));
      }
    }
    assertThat(grants).hasSizeGreaterThan(1_000);
    ArrayDeque<Long> window = new ArrayDeque<>();
    int most = 0;
    for (long t : grants) {
      window.addLast(t);
      while (window.peekFirst() <= t - SECOND) {
        window.removeFirst();
      }
      most = Math.max(most, window.size());
    }
    assertThat(most).isEqualTo(limit);
  }

  @Test
  void aPauseGrantsNothingUntilItEnds() {
    SlidingLogRateLimiter limiter = new SlidingLogRateLimiter(100, Duration.ofSeconds(1), now::get);
    limiter.pause(Duration.ofSeconds(2));
    assertThat(limiter.acquireNow()).isEqualTo(2 * SECOND);
    limiter.pause(Duration.ofMillis(10)); // a shorter pause never shortens a longer one
    now.addAndGet(2 * SECOND);
    assertThat(limiter.acquireNow()).isZero();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new SlidingLogRateLimiter(0, Duration.ofSeconds(1), now::get))
        .hasMessageContaining("limit");
    assertThatThrownBy(() -> new SlidingLogRateLimiter(10, Duration.ofMillis(999), now::get))
        .hasMessageContaining("window");
  }
}
