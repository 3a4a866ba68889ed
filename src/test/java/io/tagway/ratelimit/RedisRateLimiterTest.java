package io.tagway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The global limiter against a real Redis, shared by several limiter instances. */
@ExtendWith(RedisExtension.class)
@Timeout(60)
class RedisRateLimiterTest {

  private static final long SECOND = 1_000_000_000L;
  private Vertx vertx;
  private final List<Redis> clients = new ArrayList<>();
  private static final AtomicInteger APP = new AtomicInteger(1_400_100_000);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    clients.forEach(Redis::close);
    await(vertx.close());
  }

  private RedisRateLimiter limiter(String url, long app, int limit) {
    Redis client = Redis.createClient(vertx, url);
    clients.add(client);
    return new RedisRateLimiter(client, app, limit, Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  @Test
  void grantsThenPacesAndSaysHowLongToWait(TestRedis redis) {
    RedisRateLimiter limiter = limiter(redis.url(), APP.incrementAndGet(), 10);
    Permit first = await(limiter.tryAcquire());
    assertThat(first.granted()).isTrue();
    assertThat(first.issuer()).isSameAs(limiter);
    for (int i = 0; i < PacedRateLimiter.BURST; i++) {
      assertThat(await(limiter.tryAcquire()).granted()).as("start %d of the burst", i + 1).isTrue();
    }
    Permit next = await(limiter.tryAcquire());
    assertThat(next.granted()).isFalse();
    assertThat(next.waitNanos()).isBetween(1L, 100_000_000L); // paced: one call per 100 ms
  }

  @Test
  void oneAskGrantsWhatLoneAsksWouldAtThatMoment(TestRedis redis) {
    RedisRateLimiter limiter = limiter(redis.url(), APP.incrementAndGet(), 10);
    List<Permit> permits = await(limiter.tryAcquire(8));
    assertThat(permits).hasSize(PacedRateLimiter.BURST + 1).allSatisfy(permit -> {
      assertThat(permit.granted()).isTrue();
      assertThat(permit.issuer()).isSameAs(limiter);
    });
    assertThat(permits).extracting(Permit::slot).doesNotHaveDuplicates();
    assertThat(permits).extracting(Permit::id).doesNotHaveDuplicates();
    List<Permit> next = await(limiter.tryAcquire(8));
    assertThat(next).hasSize(1);
    assertThat(next.get(0).granted()).as("paced: the burst is spent").isFalse();
    assertThat(next.get(0).waitNanos()).isBetween(1L, 100_000_000L);

    // Each permit of the ask releases its own slot: with every slot but one in use, one is granted.
    RedisRateLimiter few = limiter(redis.url(), APP.incrementAndGet(), 3);
    List<Permit> all = await(few.tryAcquire(8));
    assertThat(all).hasSize(3);
    List<Permit> none = await(few.tryAcquire(8));
    assertThat(none.get(0).granted()).as("every slot in flight").isFalse();
    assertThat(none.get(0).waitNanos()).isGreaterThan(SECOND); // until the longest call would end
    few.release(all.get(1), 2 * SECOND); // its call ended two seconds ago: its slot is free now
    List<Permit> freed = await(few.tryAcquire(8));
    assertThat(freed).hasSize(1);
    assertThat(freed.get(0).granted()).isTrue();
    assertThat(freed.get(0).slot()).isEqualTo(all.get(1).slot());
  }

  @Test
  void instancesAskingForManyAtOnceNeverLetMoreThanTheLimitArriveInAnySecond(TestRedis redis) {
    threeInstancesNeverLetMoreThanTheLimitArrive(redis, 11, 2, this::greedyMany);
  }

  /** As {@link #greedy}, asking for up to 8 permits at a time and making a call with each. */
  private void greedyMany(RateLimiter limiter, Random random, List<Long> arrivals, long end, Promise<Void> done) {
    if (System.nanoTime() > end) {
      done.complete();
      return;
    }
    limiter.tryAcquire(1 + random.nextInt(8)).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      List<Permit> permits = ar.result();
      if (!permits.get(0).granted()) {
        vertx.setTimer(Math.max(1, permits.get(0).waitNanos() / 1_000_000),
            id -> greedyMany(limiter, random, arrivals, end, done));
        return;
      }
      AtomicInteger calls = new AtomicInteger(permits.size());
      for (Permit permit : permits) {
        long start = System.nanoTime();
        long duration = 1 + random.nextInt(80);
        long arrival = start + (long) (random.nextDouble() * duration * 1_000_000);
        vertx.setTimer(duration, id -> {
          arrivals.add(arrival);
          limiter.release(permit);
          if (calls.decrementAndGet() == 0) {
            greedyMany(limiter, random, arrivals, end, done);
          }
        });
      }
    });
  }

  @Test
  void threeInstancesTogetherNeverLetMoreThanTheLimitArriveInAnySecond(TestRedis redis) {
    threeInstancesNeverLetMoreThanTheLimitArrive(redis, 7, 4, this::greedy);
  }

  /** A caller that makes calls until {@code end}, recording when each "arrived" upstream. */
  private interface Caller {
    void run(RateLimiter limiter, Random random, List<Long> arrivals, long end, Promise<Void> done);
  }

  /** Three instances sharing a limit of 20 for 3.5 s, each with some callers: at most 20 arrive in any second. */
  private void threeInstancesNeverLetMoreThanTheLimitArrive(TestRedis redis, long seed, int callersPerInstance,
      Caller caller) {
    long app = APP.incrementAndGet();
    int limit = 20;
    List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
    Random random = new Random(seed);
    long end = System.nanoTime() + 3_500_000_000L;
    List<Future<Void>> callers = new ArrayList<>();
    for (int instance = 0; instance < 3; instance++) {
      RedisRateLimiter limiter = limiter(redis.url(), app, limit);
      for (int i = 0; i < callersPerInstance; i++) {
        Promise<Void> done = Promise.promise();
        callers.add(done.future());
        vertx.runOnContext(v -> caller.run(limiter, random, arrivals, end, done));
      }
    }
    await(Future.all(callers));
    List<Long> sorted = new ArrayList<>(arrivals);
    Collections.sort(sorted);
    assertThat(sorted.size()).as("calls made").isGreaterThan(40);
    assertThat(mostInAnySecond(sorted)).isLessThanOrEqualTo(limit);
  }

  /**
   * One caller: acquire, make a call of random length that "arrives" at a random moment, release,
   * repeat. Every other release is sent up to 20 ms after the call ended, saying how long ago it did.
   */
  private void greedy(RateLimiter limiter, Random random, List<Long> arrivals, long end, Promise<Void> done) {
    if (System.nanoTime() > end) {
      done.complete();
      return;
    }
    limiter.tryAcquire().onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      Permit permit = ar.result();
      if (!permit.granted()) {
        vertx.setTimer(Math.max(1, permit.waitNanos() / 1_000_000), id -> greedy(limiter, random, arrivals, end, done));
        return;
      }
      long start = System.nanoTime();
      long duration = 1 + random.nextInt(80);
      long arrival = start + (long) (random.nextDouble() * duration * 1_000_000);
      vertx.setTimer(duration, id -> {
        arrivals.add(arrival);
        long endedAt = System.nanoTime();
        if (random.nextBoolean()) {
          limiter.release(permit);
          greedy(limiter, random, arrivals, end, done);
        } else {
          vertx.setTimer(1 + random.nextInt(20), late -> {
            limiter.release(permit, System.nanoTime() - endedAt);
            greedy(limiter, random, arrivals, end, done);
          });
        }
      });
    });
  }

  @Test
  void withRedisDownTheFallbackLimitsLocallyAndGoesBackWhenRedisReturns() {
    try (TestRedis own = TestRedis.startOwn()) {
      RedisRateLimiter global = limiter(own.url(), APP.incrementAndGet(), 100);
      PacedRateLimiter local = new PacedRateLimiter(25, Duration.ofMillis(10), Duration.ofSeconds(5), System::nanoTime);
      FallbackRateLimiter limiter = new FallbackRateLimiter(global, local, Duration.ofMillis(300), System::nanoTime);

      assertThat(await(limiter.tryAcquire()).issuer()).isSameAs(global);
      own.stop();
      long stopped = System.nanoTime();
      for (int i = 1; i < FallbackRateLimiter.FAILURES_BEFORE_FALLBACK; i++) {
        Permit blip = await(limiter.tryAcquire());
        assertThat(blip.granted()).isFalse();
        assertThat(blip.waitNanos()).isEqualTo(FallbackRateLimiter.FAILURE_BACKOFF);
        assertThat(limiter.degraded()).as("failure %d of Redis may be a blip", i).isFalse();
      }
      Permit handover = await(limiter.tryAcquire());
      assertThat(handover.granted()).as("nothing granted locally while global grants may still count").isFalse();
      assertThat(handover.waitNanos()).isBetween(1L, 300_000_000L);
      assertThat(limiter.degraded()).isTrue();
      long wait = handover.waitNanos();
      await(Future.<Long>future(p -> vertx.setTimer(Math.max(1, wait / 1_000_000 + 1), p::complete)));
      Permit whileDown = await(limiter.tryAcquire());
      assertThat(whileDown.issuer()).isSameAs(local);
      assertThat(System.nanoTime() - stopped).isGreaterThanOrEqualTo(300_000_000L);
      limiter.release(whileDown);

      own.restart();
      long deadline = System.nanoTime() + 20 * SECOND;
      Permit again = await(limiter.tryAcquire());
      int handoverDenials = 0;
      while (again.issuer() != global && System.nanoTime() < deadline) {
        if (!again.granted() && !limiter.degraded()) {
          handoverDenials++;
        }
        await(Future.<Long>future(p -> vertx.setTimer(100, p::complete)));
        again = await(limiter.tryAcquire());
      }
      assertThat(again.issuer()).isSameAs(global);
      assertThat(limiter.degraded()).isFalse();
      assertThat(handoverDenials).as("a handover before the global limiter grants again").isPositive();
    }
  }

  private static int mostInAnySecond(List<Long> sorted) {
    ArrayDeque<Long> window = new ArrayDeque<>();
    int most = 0;
    for (long t : sorted) {
      window.addLast(t);
      while (window.peekFirst() <= t - SECOND) {
        window.removeFirst();
      }
      most = Math.max(most, window.size());
    }
    return most;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
