package io.tagway.cluster;

import static io.tagway.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.GatewayFleet;
import io.tagway.testing.GatewayFleet.Member;
import io.tagway.testing.GatewayFleet.TagAnswer;
import io.tagway.testing.Await;
import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Invariant 4 across instances: once instance A acknowledged an invalidation, instances B and C
 * never serve tags fetched before it, not from their L1, not from L2, and not from a load of B's
 * that was at the upstream when Tencent's truth changed.
 */
@Timeout(120)
class MultiInstanceInvalidationTest {

  /** Rounds run in a few lanes at once (each its own accounts), so invalidations interleave too. */
  private static final int LANES = 4;
  private static final int ROUNDS_PER_LANE = 25;

  @Test
  void anAcknowledgedInvalidationOnOneInstanceHoldsOnEveryOther() throws Exception {
    ExecutorService lanes = Executors.newFixedThreadPool(LANES);
    try (TestRedis redis = TestRedis.startOwn();
        GatewayFleet fleet = GatewayFleet.builder().instances(3).redis(redis.url()).emulatorLatency(5, 25).start()) {
      AtomicInteger oldLoadsOverlapping = new AtomicInteger();
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (int lane = 0; lane < LANES; lane++) {
        int id = lane;
        running.add(lanes.submit(() -> {
          Random random = new Random(7 + id);
          for (int round = 0; round < ROUNDS_PER_LANE; round++) {
            if (round(fleet, "inv-" + id + "-" + round, random)) {
              oldLoadsOverlapping.incrementAndGet();
            }
          }
        }));
      }
      for (java.util.concurrent.Future<?> lane : running) {
        try {
          lane.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AssertionError failure) {
            throw failure;
          }
          throw e;
        }
      }
      // The race was real: in some rounds B's load of the old tags overlapped A's invalidation.
      assertThat(oldLoadsOverlapping.get()).as("rounds where B's old load overlapped the invalidation").isPositive();
    } finally {
      lanes.shutdownNow();
    }
  }

  /**
   * One round on a fresh account; true when B's first load fetched the old tags and answered only
   * after A's invalidation was sent, so that its fills raced the invalidation.
   */
  private static boolean round(GatewayFleet fleet, String account, Random random) {
    Member a = fleet.member(0);
    Member b = fleet.member(1);
    Member c = fleet.member(2);
    await(fleet.upstream().addTags(Map.of(account, List.of("old"))));
    assertThat(await(a.get(account))).isEqualTo(TagAnswer.ok(List.of("old"), "MISS"));
    // A answers before its fill of L2 lands, so B and C find it there or fetch it themselves.
    for (Member member : List.of(b, c)) {
      TagAnswer warm = await(member.get(account));
      assertThat(warm.tags()).containsExactly("old");
      assertThat(warm.cache()).isIn("L2", "MISS");
    }
    // Dropped everywhere (the truth is unchanged), so that B's next lookup goes upstream.
    assertThat(await(c.invalidate(List.of(account)))).isEqualTo(200);

    AtomicLong answeredAt = new AtomicLong();
    long callsBefore = fleet.lookupCalls();
    Future<TagAnswer> inFlight = b.get(account).onComplete(ar -> answeredAt.set(System.nanoTime()));
    // Tencent's truth changes while B's load is at the upstream (or, in some rounds, just before
    // or after), then A is told. A load the emulator answers more slowly than this change
    // overlaps the invalidation.
    Await.awaitUntil(fleet.vertx(), Duration.ofMillis(500), Duration.ofMillis(1), "a load reached the emulator",
        () -> Future.succeededFuture(fleet.lookupCalls() > callsBefore));
    int delay = random.nextInt(8) - 2;
    if (delay > 0) {
      await(fleet.vertx().timer(delay));
    }
    await(fleet.upstream().addTags(Map.of(account, List.of("new"))));
    long invalidationSent = System.nanoTime();
    assertThat(await(a.invalidate(List.of(account)))).isEqualTo(200);

    String when = account + ", after A's acknowledgement";
    for (Member member : List.of(b, c, b, c, a)) {
      assertServesNew(await(member.get(account)), member + ", " + when);
    }
    assertThat(await(b.lookup(List.of(account))).results().get(account)).as(when).contains("new");

    TagAnswer first = await(inFlight);
    assertThat(first.status()).as(first.error()).isEqualTo(200);
    when = account + ", after B's first load ended";
    for (Member member : List.of(b, c, b, c)) {
      assertServesNew(await(member.get(account)), member + ", " + when);
    }
    return first.tags().equals(List.of("old")) && answeredAt.get() - invalidationSent > 0;
  }

  private static void assertServesNew(TagAnswer answer, String description) {
    assertThat(answer.status()).as(description + ": " + answer.error()).isEqualTo(200);
    assertThat(answer.tags()).as(description).containsExactlyInAnyOrder("old", "new");
  }
}
