package io.tagway.lookup;

import static io.tagway.lookup.LookupFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.batch.Priority;
import io.tagway.emulator.EmulatorFaults;
import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Invariant 4 on one instance: once an invalidation is acknowledged, tags fetched before it are
 * never served again, even when a fetch of the account was in flight when it arrived.
 */
@ExtendWith(RedisExtension.class)
@Timeout(180)
class InvalidationRaceTest {

  private LookupFixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void anAcknowledgedInvalidationBeatsEveryLoadInFlight(TestRedis redis) {
    fixture = new LookupFixture(redis.url(), LookupFixture.window(Duration.ofMillis(2)),
        LookupFixture.l1(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofHours(1)), Duration.ofSeconds(2));
    LookupFixture f = fixture;
    f.emulator.faults(EmulatorFaults.NONE.withLatency(5, 25));
    Random random = new Random(4);
    int oldServedBeforeAck = 0;
    for (int round = 0; round < 150; round++) {
      String account = "race-" + round + "-" + random.nextInt(1000);
      await(f.client.addTags(Map.of(account, List.of("old"))));
      Future<LookupResult> inFlight = lookup(f, account);
      int delay = 1 + random.nextInt(30);
      // Tencent's truth changes, then the gateway is told, while the first load may be in flight.
      Future<Void> acknowledged = Future.<Long>future(p -> f.vertx.setTimer(delay, p::complete))
          .compose(t -> f.client.removeAllTags(List.of(account)))
          .compose(v -> f.client.addTags(Map.of(account, List.of("new"))))
          .compose(v -> f.invalidator.invalidate(List.of(account)));
      await(acknowledged);

      assertThat(tags(await(lookup(f, account)))).as("round %d, right after the ack", round).containsExactly("new");
      if (round % 2 == 0) {
        f.l1.invalidate(account); // the next lookup goes through L2
      }
      assertThat(tags(await(lookup(f, account)))).as("round %d, from L2 or upstream", round).containsExactly("new");
      if (tags(await(inFlight)).contains("old")) {
        oldServedBeforeAck++;
      }
      assertThat(tags(await(lookup(f, account)))).as("round %d, after the first load ended", round).containsExactly("new");
      f.l1.invalidate(account);
      assertThat(tags(await(lookup(f, account)))).as("round %d, L2 after everything", round).containsExactly("new");
    }
    // The race was real: some first loads fetched the old tags while the invalidation went on.
    assertThat(oldServedBeforeAck).isPositive();
  }

  private static Future<LookupResult> lookup(LookupFixture f, String account) {
    Promise<LookupResult> promise = Promise.promise();
    f.service.lookup(List.of(account), System.nanoTime() + Duration.ofSeconds(20).toNanos(), Priority.INTERACTIVE)
        .onComplete(promise);
    return promise.future();
  }

  private static List<String> tags(LookupResult result) {
    assertThat(result.failure(0)).isNull();
    return result.tags(0).tags();
  }
}
