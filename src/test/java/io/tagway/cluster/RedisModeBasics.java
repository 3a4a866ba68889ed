package io.tagway.cluster;

import static io.tagway.testing.Await.await;
import static io.tagway.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.cache.L2Keys;
import io.tagway.emulator.EmulatorStats;
import io.tagway.emulator.Population;
import io.tagway.testing.GatewayFleet;
import io.tagway.testing.GatewayFleet.LookupAnswer;
import io.tagway.testing.GatewayFleet.Member;
import io.tagway.testing.GatewayFleet.TagAnswer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What two gateways must do together whatever the Redis mode: fill L2 for each other (Lua FILL),
 * read it back with one MGET over accounts in many hash slots, carry an invalidation from one to
 * the other (Lua INVALIDATE plus pub/sub), and share one upstream rate limit (Lua limiter). Each
 * mode's test class supplies its Redis.
 */
abstract class RedisModeBasics {

  private GatewayFleet fleet;

  /** The fleet's Redis configuration for this mode. */
  abstract GatewayFleet.Builder withRedis(GatewayFleet.Builder builder);

  /** A client of this mode's Redis, for checking what the gateways stored. */
  abstract Redis client(Vertx vertx);

  /**
   * Waits until Redis holds every account's tags: a gateway sends its fill right after it answers
   * and does not wait for Redis to acknowledge it, so the other instance may ask a moment too early.
   */
  private void awaitFilled(GatewayFleet f, List<String> accounts) {
    Redis redis = client(f.vertx());
    try {
      awaitUntil(f.vertx(), Duration.ofSeconds(10), "the fills to reach Redis", () -> allExist(redis, accounts, 0));
    } finally {
      redis.close();
    }
  }

  /** Whether every account from {@code from} on has its key, asked one at a time (no pool overflow). */
  private static Future<Boolean> allExist(Redis redis, List<String> accounts, int from) {
    if (from == accounts.size()) {
      return Future.succeededFuture(true);
    }
    return redis.send(Request.cmd(Command.EXISTS).arg(L2Keys.key(GatewayFleet.APP, accounts.get(from))))
        .compose(exists -> exists.toInteger() == 1 ? allExist(redis, accounts, from + 1) : Future.succeededFuture(false));
  }

  @AfterEach
  void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private GatewayFleet start(GatewayFleet.Builder builder) {
    fleet = withRedis(builder.instances(2)).start();
    return fleet;
  }

  @Test
  void aMissFillsL2ForTheOtherInstanceAndOneReadFindsAccountsOfEverySlot() {
    GatewayFleet f = start(GatewayFleet.builder());
    Member a = f.member(0);
    Member b = f.member(1);
    String one = Population.account(1);

    TagAnswer first = await(a.get(one));
    assertThat(first.cache()).isEqualTo("MISS");
    assertThat(first.tags()).isEqualTo(GatewayFleet.TRUTH.tagsOf(one));
    assertThat(await(a.get(one)).cache()).isEqualTo("L1");
    awaitFilled(f, List.of(one));
    TagAnswer fromL2 = await(b.get(one));
    assertThat(fromL2.cache()).as("B finds what A's fill stored").isEqualTo("L2");
    assertThat(fromL2.tags()).isEqualTo(GatewayFleet.TRUTH.tagsOf(one));

    // 300 accounts spread over the hash slots: three upstream calls fill them all (a batch of
    // fills per call), then the other instance finds every one of them in L2 with its own tags.
    List<String> accounts = accounts(1_000, 300);
    LookupAnswer loaded = await(a.lookup(accounts));
    assertTruth(loaded, accounts);
    awaitFilled(f, accounts);
    long calls = f.lookupCalls();
    LookupAnswer read = await(b.lookup(accounts));
    assertTruth(read, accounts);
    assertThat(f.lookupCalls()).as("B answered everything from L2").isEqualTo(calls);
    for (String account : List.of(accounts.get(0), accounts.get(150), accounts.get(299))) {
      assertThat(await(b.get(account)).cache()).isEqualTo("L1");
    }
  }

  @Test
  void anInvalidationOfSeveralAccountsOnOneInstanceReachesTheOther() {
    GatewayFleet f = start(GatewayFleet.builder());
    Member a = f.member(0);
    Member b = f.member(1);
    List<String> accounts = IntStream.range(0, 5).mapToObj(i -> "mode-inv-" + i).toList();
    Map<String, List<String>> old = new HashMap<>();
    accounts.forEach(account -> old.put(account, List.of("old")));
    await(f.upstream().addTags(old));
    for (String account : accounts) {
      assertThat(await(a.get(account)).tags()).containsExactly("old");
      assertThat(await(b.get(account)).tags()).containsExactly("old");
      assertThat(await(b.get(account)).cache()).isEqualTo("L1");
    }

    Map<String, List<String>> changed = new HashMap<>();
    accounts.forEach(account -> changed.put(account, List.of("new")));
    await(f.upstream().addTags(changed));
    assertThat(await(a.invalidate(accounts))).isEqualTo(200);

    for (String account : accounts) {
      TagAnswer onB = await(b.get(account));
      assertThat(onB.tags()).as(account + " on B after A's acknowledgement").contains("new");
      assertThat(onB.cache()).isEqualTo("MISS");
      awaitFilled(f, List.of(account));
      TagAnswer onA = await(a.get(account));
      assertThat(onA.tags()).as(account + " on A").contains("new");
      assertThat(onA.cache()).as("B's fill after the invalidation is accepted").isEqualTo("L2");
    }
  }

  @Test
  void aBurstOfColdAccountsOnBothInstancesStaysWithinOneSharedLimit() {
    // A limit of 20 calls per second, so that a burst of 3,000 accounts (30 full calls) needs more
    // than a second: two instances each limiting on their own would exceed it.
    GatewayFleet f = start(GatewayFleet.builder().set("upstream.rateLimit", 20));
    List<String> accounts = accounts(10_000, 3_000);
    List<Future<LookupAnswer>> answers = new ArrayList<>();
    for (int from = 0; from < accounts.size(); from += 500) {
      answers.add(f.member((from / 500) % 2).lookup(accounts.subList(from, from + 500)));
    }
    for (int i = 0; i < answers.size(); i++) {
      assertTruth(await(answers.get(i)), accounts.subList(i * 500, i * 500 + 500));
    }
    EmulatorStats stats = f.emulator().stats();
    assertThat(stats.maxCallsInAnySecond()).isLessThanOrEqualTo(20);
    assertThat(stats.rateLimitViolations()).isZero();
    assertThat(f.lookupCalls()).isBetween(30L, 33L);

    // The shared limiter's state is in this Redis: the global limiter, not the local fallback, ran.
    Redis redis = client(f.vertx());
    try {
      String slots = "tw:{" + GatewayFleet.APP + ":rl:20}:slots";
      assertThat(await(redis.send(Request.cmd(Command.ZCARD).arg(slots))).toInteger()).isEqualTo(20);
    } finally {
      redis.close();
    }
    for (Member member : f.members()) {
      assertThat(await(member.ready())).as("%s ready", member).isTrue();
    }
  }

  static List<String> accounts(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(Population::account).toList();
  }

  static void assertTruth(LookupAnswer answer, List<String> accounts) {
    assertThat(answer.errors()).isEmpty();
    assertThat(answer.results()).hasSize(accounts.size());
    for (String account : accounts) {
      assertThat(answer.results().get(account)).as(account).isEqualTo(GatewayFleet.TRUTH.tagsOf(account));
    }
  }
}
