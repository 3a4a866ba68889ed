package io.tagway.cache;

import static io.tagway.cache.L2Fixtures.accounts;
import static io.tagway.cache.L2Fixtures.await;
import static io.tagway.cache.L2Fixtures.mgetCalls;
import static io.tagway.cache.L2Fixtures.resetStats;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves read merging with Redis's own command statistics, on a server no other test uses. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class L2MergingTest {

  private TestRedis redis;
  private Vertx vertx;
  private Redis adminClient;
  private RedisAPI admin;

  @BeforeAll
  void startRedis() {
    redis = TestRedis.startOwn();
  }

  @AfterAll
  void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void connect(Vertx vertx) {
    this.vertx = vertx;
    this.adminClient = Redis.createClient(vertx, redis.url());
    this.admin = RedisAPI.api(adminClient);
  }

  @AfterEach
  void disconnect() {
    await(adminClient.close());
  }

  private static final Duration TICK = Duration.ofMillis(1);

  @Test
  void withoutATickAReadLeavesAtOnceAndTheReadsThatArriveMeanwhileLeaveTogether() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options().withMaxBatch(1000));
    await(cache.putAll(L2Fixtures.entries("a", 1000), 1));
    resetStats(admin);

    List<Answer> answers = await(burst(vertx.getOrCreateContext(), cache, reads("a", 0, 200)));

    assertOwnHits(answers);
    assertThat(mgetCalls(admin)).as("the first read alone, then the other 199 in one").isEqualTo(2);
    assertThat(cache.pendingReadKeys()).isZero();

    // Idle again: a lone read is one MGET, sent without waiting for anything.
    resetStats(admin);
    assertThat(await(cache.getAll(accounts("a", 0, 3)))).hasSize(3);
    assertThat(mgetCalls(admin)).isEqualTo(1);
    await(cache.close());
  }

  @Test
  void withoutATickConcurrentReadersFromManyLoopsAreAllAnswered() {
    // Room for every key at once (10 times maxBatch): none of these reads is turned away.
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options().withMaxBatch(1000));
    await(cache.putAll(L2Fixtures.entries("c", 1000), 1));
    List<Context> loops = eventLoops(4);
    resetStats(admin);
    List<Future<List<Answer>>> rounds = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      for (int loop = 0; loop < 4; loop++) {
        int from = (round * 4 + loop) % 190;
        rounds.add(burst(loops.get(loop), cache, reads("c", from, from + 10)));
      }
    }
    await(Future.all(rounds));
    rounds.forEach(round -> assertOwnHits(round.result()));
    assertThat(mgetCalls(admin)).as("800 reads").isBetween(2L, 800L);
    assertThat(cache.pendingReadKeys()).isZero();
    assertThat(cache.rejectedReads()).isZero();
    await(cache.close());
  }

  @Test
  void mergesReadsIssuedInOneTickIntoOneMget() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options().withMaxBatch(1000).withTick(TICK));
    await(cache.putAll(L2Fixtures.entries("m", 1000), 1));
    resetStats(admin);

    List<Answer> answers = await(burst(vertx.getOrCreateContext(), cache, reads("m", 0, 200)));

    assertOwnHits(answers);
    assertThat(mgetCalls(admin)).as("200 reads of 5 keys").isEqualTo(1);
    await(cache.close());
  }

  @Test
  void splitsMergedReadsIntoMgetsOfAtMostMaxBatchKeys() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options().withMaxBatch(100).withTick(TICK));
    await(cache.putAll(L2Fixtures.entries("s", 1000), 1));
    resetStats(admin);

    List<Answer> answers = await(burst(vertx.getOrCreateContext(), cache, reads("s", 0, 200)));

    assertOwnHits(answers);
    assertThat(mgetCalls(admin)).as("1000 distinct keys, 100 per MGET").isEqualTo(10);
    await(cache.close());
  }

  @Test
  void mergesAcrossEventLoopsAndAnswersOnEachCallersContext() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options().withMaxBatch(1000).withTick(TICK));
    await(cache.putAll(L2Fixtures.entries("e", 1000), 1));
    List<Context> loops = eventLoops(4);
    assertThat(loops.stream().distinct()).hasSize(4);
    resetStats(admin);

    List<Future<List<Answer>>> bursts = new ArrayList<>();
    for (int loop = 0; loop < 4; loop++) {
      bursts.add(burst(loops.get(loop), cache, reads("e", loop * 50, loop * 50 + 50)));
    }
    await(Future.all(bursts));

    for (int loop = 0; loop < 4; loop++) {
      List<Answer> answers = bursts.get(loop).result();
      assertOwnHits(answers);
      Context caller = loops.get(loop);
      assertThat(answers).allSatisfy(answer -> assertThat(answer.context()).isSameAs(caller));
    }
    // Each loop's burst runs as one task; a flush can split at most a burst in two.
    assertThat(mgetCalls(admin)).as("200 reads from 4 event loops").isBetween(1L, 8L);
    await(cache.close());
  }

  @Test
  void boundsThePendingQueueAndMissesPastIt() {
    L2Options options = L2Fixtures.options().withMaxBatch(2).withTick(TICK);
    assertThat(options.maxPendingKeys()).isEqualTo(20);
    L2Cache cache = L2Cache.create(vertx, redis.url(), options);
    await(cache.putAll(L2Fixtures.entries("q", 30), 1));

    List<List<String>> reads = new ArrayList<>();
    for (int read = 0; read < 15; read++) {
      reads.add(accounts("q", read * 2, read * 2 + 2));
    }
    List<Answer> answers = await(burst(vertx.getOrCreateContext(), cache, reads));

    assertThat(answers.subList(0, 10)).as("20 keys fit").allSatisfy(answer -> assertThat(answer.found()).hasSize(2));
    assertThat(answers.subList(10, 15)).as("the rest miss at once").allSatisfy(answer -> assertThat(answer.found()).isEmpty());
    assertThat(cache.rejectedReads()).isEqualTo(5);
    assertThat(await(cache.getAll(accounts("q", 0, 30)))).as("one large read into an empty queue").hasSize(30);
    assertThat(cache.errors()).isZero();
    await(cache.close());
  }

  /** What one read found, and the context it was answered on. */
  private record Answer(List<String> asked, Map<String, L2Entry> found, Context context) {
  }

  /** Issues every read within one task on the context, so all of them fall in the same tick. */
  private static Future<List<Answer>> burst(Context context, L2Cache cache, List<List<String>> reads) {
    Promise<List<Future<Answer>>> issued = Promise.promise();
    context.runOnContext(v -> issued.complete(reads.stream()
        .map(asked -> cache.getAll(asked).map(found -> new Answer(asked, found, Vertx.currentContext())))
        .toList()));
    return issued.future()
        .compose(answers -> Future.all(answers).map(all -> answers.stream().map(Future::result).toList()));
  }

  /** Reads {@code from} to {@code to}, each of 5 consecutive accounts. */
  private static List<List<String>> reads(String prefix, int from, int to) {
    List<List<String>> reads = new ArrayList<>();
    for (int read = from; read < to; read++) {
      reads.add(accounts(prefix, read * 5, read * 5 + 5));
    }
    return reads;
  }

  private static void assertOwnHits(List<Answer> answers) {
    assertThat(answers).allSatisfy(answer -> {
      assertThat(answer.found()).containsOnlyKeys(answer.asked());
      answer.asked().forEach(account ->
          assertThat(answer.found().get(account).tags()).containsExactly("tag-" + account));
    });
  }

  private List<Context> eventLoops(int count) {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    await(vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(count)));
    return contexts;
  }
}
