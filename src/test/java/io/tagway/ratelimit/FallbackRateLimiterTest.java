package io.tagway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When the fallback limiter gives up on the global one. The global limiter here is a scripted
 * stand-in for Redis's answers (RedisRateLimiterTest stops a real Redis); the local one is real.
 */
class FallbackRateLimiterTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong();
  private final Scripted global = new Scripted();
  private final PacedRateLimiter local = new PacedRateLimiter(25, Duration.ofMillis(5), Duration.ofSeconds(5), now::get);
  private final FallbackRateLimiter limiter =
      new FallbackRateLimiter(global, local, Duration.ofMillis(1005), now::get);

  @Test
  void aFailureOrTwoBetweenAnswersIsWaitedOutWithoutFallingBack() {
    global.answers(true, false, true, false, false, true, true);
    assertThat(acquire().issuer()).isSameAs(global);
    for (int round = 0; round < 2; round++) {
      for (int failure = 0; failure < round + 1; failure++) {
        Permit blip = acquire();
        assertThat(blip.granted()).isFalse();
        assertThat(blip.waitNanos()).isEqualTo(FallbackRateLimiter.FAILURE_BACKOFF);
        assertThat(limiter.degraded()).isFalse();
        now.addAndGet(blip.waitNanos());
      }
      assertThat(acquire().issuer()).as("the global limiter answered again").isSameAs(global);
    }
    assertThat(acquire().issuer()).isSameAs(global);
  }

  @Test
  void consecutiveFailuresFallBackWithAHandover() {
    global.answers(false, false, false, false); // the last: retried once the handover is over, still down
    for (int i = 1; i < FallbackRateLimiter.FAILURES_BEFORE_FALLBACK; i++) {
      now.addAndGet(acquire().waitNanos());
    }
    Permit handover = acquire();
    assertThat(limiter.degraded()).isTrue();
    assertThat(handover.granted()).isFalse();
    assertThat(handover.waitNanos()).isEqualTo(1005 * MS);
    now.addAndGet(handover.waitNanos());
    assertThat(acquire().issuer()).as("granted locally while Redis is away").isSameAs(local);
  }

  @Test
  void anAskForManyGoesToTheLimiterThatStandsAndAfterAnOutageAllItsGrantsGoBack() {
    global.answers(true, false, false, false, false, true); // the fourth failure: Redis tried again after the handover
    assertThat(acquire(4)).hasSize(4).allSatisfy(permit -> assertThat(permit.issuer()).isSameAs(global));
    for (int i = 1; i < FallbackRateLimiter.FAILURES_BEFORE_FALLBACK; i++) {
      now.addAndGet(acquire(4).get(0).waitNanos());
    }
    now.addAndGet(acquire(4).get(0).waitNanos()); // the handover
    assertThat(acquire(4)).as("granted locally, as many as its pacing allows at once")
        .hasSize(4).allSatisfy(permit -> assertThat(permit.issuer()).isSameAs(local));

    now.addAndGet(1_000 * MS); // time to try Redis again: it answers with four grants
    List<Permit> back = acquire(4);
    assertThat(back).hasSize(1);
    assertThat(back.get(0).granted()).as("the handover back to the global limiter comes first").isFalse();
    assertThat(global.released).as("every grant of that ask handed back").isEqualTo(4);
    assertThat(limiter.degraded()).isFalse();
  }

  private List<Permit> acquire(int max) {
    return limiter.tryAcquire(max).toCompletionStage().toCompletableFuture().join();
  }

  private Permit acquire() {
    return limiter.tryAcquire().toCompletionStage().toCompletableFuture().join();
  }

  /** Answers tryAcquire with a grant (true) or a timeout (false), in the given order. */
  private static final class Scripted implements RateLimiter {
    private final Deque<Boolean> answers = new ArrayDeque<>();
    private long nextId;
    int released;

    void answers(Boolean... script) {
      answers.addAll(List.of(script));
    }

    @Override
    public Future<Permit> tryAcquire() {
      Boolean grant = answers.poll();
      if (grant == null) {
        throw new AssertionError("no answer scripted");
      }
      return grant
          ? Future.succeededFuture(Permit.granted(nextId++, 0, this))
          : Future.failedFuture(new TimeoutException("scripted timeout"));
    }

    @Override
    public Future<List<Permit>> tryAcquire(int max) {
      return tryAcquire().map(first -> {
        List<Permit> permits = new ArrayList<>(List.of(first));
        while (permits.size() < max) {
          permits.add(Permit.granted(nextId++, permits.size(), this));
        }
        return permits;
      });
    }

    @Override
    public void release(Permit permit, long endedNanosAgo) {
      released++;
    }

    @Override
    public void pause(Duration duration) {}

    @Override
    public int limit() {
      return 100;
    }
  }
}
