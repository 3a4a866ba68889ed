package io.tagway.cluster;

import static io.tagway.testing.Await.await;
import static io.tagway.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.emulator.EmulatorStats;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis is an optimisation, never a dependency: when the shared Redis dies under three busy
 * instances, lookups keep working through the upstream, each instance limits itself to its
 * {@code redis.fallbackShare} of the rate limit (so together they stay under it), readiness says
 * Redis is down, and once Redis is back the instances are ready and share the global limit again.
 */
@Timeout(90)
class RedisOutageTest {

  /**
   * Below Tencent's 100, so that this box can drive the gateways past it: were each instance to
   * fall back to the whole limit instead of its share, three would exceed it.
   */
  private static final int LIMIT = 40;
  private static final String SLOTS = "tw:{" + GatewayFleet.APP + ":rl:" + LIMIT + "}:slots";

  @Test
  void lookupsOutliveRedisWithinTheLimitAndTheGlobalLimiterReturns() {
    try (TestRedis redis = TestRedis.startOwn();
        GatewayFleet fleet = GatewayFleet.builder().instances(3).redis(redis.url()).set("upstream.rateLimit", LIMIT).start()) {
      List<Member> members = fleet.members();
      for (Member member : members) {
        assertThat(await(member.get("u1")).tags()).isEqualTo(GatewayFleet.TRUTH.tagsOf("u1"));
      }
      awaitReady(fleet, true);

      // A burst across all three instances, under way when Redis dies.
      List<String> burst = accounts(40_000, 15_000);
      List<Future<LookupAnswer>> answers = lookUp(fleet, burst);
      long callsBefore = fleet.lookupCalls();
      awaitUntil(fleet.vertx(), Duration.ofSeconds(20), "the burst reached the upstream",
          () -> Future.succeededFuture(fleet.lookupCalls() >= callsBefore + 2 * LIMIT));
      redis.stop();
      assertTruth(answers, burst);

      // Still answering, from the upstream, and saying that Redis is down.
      for (int i = 0; i < members.size(); i++) {
        String account = Population.account(60_000 + i);
        assertThat(await(members.get(i).get(account)))
            .isEqualTo(TagAnswer.ok(GatewayFleet.TRUTH.tagsOf(account), "MISS"));
      }
      awaitReady(fleet, false);
      for (Member member : members) {
        String body = await(member.readiness()).bodyAsString();
        assertThat(body).contains("redis");
        assertThat(await(member.invalidate(List.of("u1")))).as("an invalidation Redis cannot record").isEqualTo(503);
      }

      // Redis comes back, empty: the instances are ready again and share the global limit again.
      redis.restart();
      awaitReady(fleet, true);
      List<String> after = accounts(70_000, 3_000);
      assertTruth(lookUp(fleet, after), after);
      Redis admin = Redis.createClient(fleet.vertx(), redis.url()); // closed with the fleet's Vert.x
      assertThat(await(admin.send(Request.cmd(Command.ZCARD).arg(SLOTS))).toInteger())
          .as("the global limiter's slots, rebuilt in the restarted Redis").isEqualTo(LIMIT);

      EmulatorStats stats = fleet.emulator().stats();
      assertThat(stats.rateLimitViolations()).isZero();
      assertThat(stats.maxCallsInAnySecond()).isLessThanOrEqualTo(LIMIT);
    }
  }

  private static void awaitReady(GatewayFleet fleet, boolean ready) {
    for (Member member : fleet.members()) {
      awaitUntil(fleet.vertx(), Duration.ofSeconds(15), member + (ready ? " ready" : " not ready"),
          () -> member.ready().map(answer -> answer == ready));
    }
  }

  /** Lookups of 1,000 accounts each, spread over the instances, all sent at once. */
  private static List<Future<LookupAnswer>> lookUp(GatewayFleet fleet, List<String> accounts) {
    List<Future<LookupAnswer>> answers = new ArrayList<>();
    for (int from = 0; from < accounts.size(); from += 1_000) {
      Member member = fleet.member(answers.size() % fleet.members().size());
      answers.add(member.lookup(accounts.subList(from, Math.min(accounts.size(), from + 1_000))));
    }
    return answers;
  }

  private static void assertTruth(List<Future<LookupAnswer>> answers, List<String> accounts) {
    for (int i = 0; i < answers.size(); i++) {
      RedisModeBasics.assertTruth(await(answers.get(i)), accounts.subList(i * 1_000, Math.min(accounts.size(), (i + 1) * 1_000)));
    }
  }

  private static List<String> accounts(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(Population::account).toList();
  }
}
