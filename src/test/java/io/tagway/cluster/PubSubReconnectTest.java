package io.tagway.cluster;

import static io.tagway.testing.Await.await;
import static io.tagway.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.emulator.Population;
import io.tagway.testing.GatewayFleet;
import io.tagway.testing.GatewayFleet.LookupAnswer;
import io.tagway.testing.GatewayFleet.Member;
import io.tagway.testing.GatewayFleet.TagAnswer;
import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The invalidation bus survives losing its connection: an instance whose subscription Redis
 * killed subscribes again, drops its L1 (it may have missed invalidations meanwhile), and hears
 * the invalidations of the others again afterwards.
 */
@Timeout(60)
class PubSubReconnectTest {

  @Test
  void killedSubscriptionsComeBackDropL1AndCarryInvalidationsAgain() {
    try (TestRedis redis = TestRedis.startOwn();
        GatewayFleet fleet = GatewayFleet.builder().instances(2).redis(redis.url()).start()) {
      Member a = fleet.member(0);
      Member b = fleet.member(1);
      Redis admin = Redis.createClient(fleet.vertx(), redis.url()); // closed with the fleet's Vert.x
      awaitUntil(fleet.vertx(), Duration.ofSeconds(10), "both instances subscribed",
          () -> subscribers(admin).map(count -> count == 2));
      String cached = Population.account(5);
      for (Member member : List.of(a, b)) {
        assertThat(await(member.get(cached)).tags()).isEqualTo(GatewayFleet.TRUTH.tagsOf(cached));
        assertThat(await(member.get(cached)).cache()).isEqualTo("L1");
      }

      // Mid-run: lookups of cold accounts are under way on both instances when Redis kills the
      // subscriber connections.
      List<String> cold = IntStream.range(20_000, 22_000).mapToObj(Population::account).toList();
      Future<LookupAnswer> onA = a.lookup(cold.subList(0, 1_000));
      Future<LookupAnswer> onB = b.lookup(cold.subList(1_000, 2_000));
      long killed = await(admin.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub"))).toLong();
      assertThat(killed).as("subscriber connections killed").isEqualTo(2);

      // Each instance subscribes again and drops its L1: the account it had in L1 now comes from L2.
      Set<Member> droppedL1 = ConcurrentHashMap.newKeySet();
      awaitUntil(fleet.vertx(), Duration.ofSeconds(10), "both instances serve the L1 hit from L2 again",
          () -> Future.all(a.get(cached), b.get(cached)).map(both -> {
            for (int i = 0; i < 2; i++) {
              TagAnswer answer = both.resultAt(i);
              if (answer.equals(TagAnswer.ok(GatewayFleet.TRUTH.tagsOf(cached), "L2"))) {
                droppedL1.add(fleet.member(i));
              }
            }
            return droppedL1.size() == 2;
          }));
      awaitUntil(fleet.vertx(), Duration.ofSeconds(10), "both instances subscribed again",
          () -> subscribers(admin).map(count -> count == 2));
      RedisModeBasics.assertTruth(await(onA), cold.subList(0, 1_000));
      RedisModeBasics.assertTruth(await(onB), cold.subList(1_000, 2_000));

      // Invalidations from A reach B again.
      String changing = "pubsub-after-kill";
      await(fleet.upstream().addTags(Map.of(changing, List.of("old"))));
      assertThat(await(b.get(changing)).tags()).containsExactly("old");
      assertThat(await(b.get(changing))).isEqualTo(TagAnswer.ok(List.of("old"), "L1"));
      await(fleet.upstream().addTags(Map.of(changing, List.of("new"))));
      assertThat(await(a.invalidate(List.of(changing)))).isEqualTo(200);
      TagAnswer afterInvalidation = await(b.get(changing));
      assertThat(afterInvalidation.tags()).containsExactlyInAnyOrder("old", "new");
      assertThat(afterInvalidation.cache()).isEqualTo("MISS");
    }
  }

  /** Connections subscribed to something. */
  private static Future<Integer> subscribers(Redis admin) {
    return admin.send(Request.cmd(Command.CLIENT).arg("LIST").arg("TYPE").arg("pubsub"))
        .map(list -> (int) list.toString().lines().filter(line -> !line.isBlank()).count());
  }
}
