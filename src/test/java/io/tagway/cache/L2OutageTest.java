package io.tagway.cache;

import static io.tagway.cache.L2Fixtures.accounts;
import static io.tagway.cache.L2Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tagway.testing.Await;
import io.tagway.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Redis down, slow or refusing: reads miss, writes do nothing, nothing fails, and it heals. */
@ExtendWith(VertxExtension.class)
class L2OutageTest {

  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(L2Cache.class);
  private TestRedis redis;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    redis = TestRedis.startOwn();
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(log);
    redis.close();
  }

  @Test
  void aStoppedRedisMeansQuickMissesThenHitsAfterRestartWithTheSameClient() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options().withCommandTimeout(Duration.ofSeconds(1)));
    Map<String, L2Entry> entries = L2Fixtures.entries("o", 10);
    List<String> asked = accounts("o", 0, 10);
    await(cache.putAll(entries, 1));
    assertThat(await(cache.getAll(asked))).hasSize(10);

    redis.stop();
    long started = System.nanoTime();
    assertThat(await(cache.getAll(asked))).as("a miss, not a failure").isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the timeouts")
        .isLessThan(Duration.ofMillis(1500));
    for (int i = 0; i < 20; i++) {
      assertThat(await(cache.getAll(asked))).isEmpty();
    }
    await(cache.putAll(entries, 1));
    await(cache.delete(asked));
    assertThat(cache.healthy()).isFalse();
    assertThat(cache.errors()).as("21 reads, a write, a delete").isGreaterThanOrEqualTo(23);

    redis.restart();
    await(cache.putAll(entries, 1));
    assertThat(await(cache.getAll(asked))).as("the restarted server is empty until refilled").hasSize(10);
    assertThat(cache.healthy()).isTrue();
    assertThat(messages(Level.WARN)).as("one line for going down, not one per request").hasSize(1);
    assertThat(messages(Level.INFO)).as("one line for coming back").hasSize(1);
    await(cache.close());
  }

  @Test
  void aSlowRedisTimesOutIntoAMiss() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options().withCommandTimeout(SHORT_TIMEOUT));
    Redis adminClient = Redis.createClient(vertx, redis.url());
    RedisAPI admin = RedisAPI.api(adminClient);
    await(cache.putAll(L2Fixtures.entries("p", 3), 1));
    // Warm: the first command of a JVM may itself take longer than the short timeout.
    assertThat(await(cache.getAll(accounts("p", 0, 3)))).hasSize(3);
    long errorsBefore = cache.errors();

    await(admin.client(List.of("PAUSE", "1500", "ALL")));
    long started = System.nanoTime();
    assertThat(await(cache.getAll(accounts("p", 0, 3)))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1200));
    assertThat(cache.healthy()).isFalse();
    assertThat(cache.errors()).isEqualTo(errorsBefore + 1);

    // Answered again once the pause is over. On a loaded machine the first read after it may
    // still miss the short timeout, behind the late answer to the timed-out one: retried.
    await(admin.ping(List.of()));
    Await.awaitUntil(vertx, Duration.ofSeconds(10), "reads answered after the pause",
        () -> cache.getAll(accounts("p", 0, 3)).map(found -> found.size() == 3));
    assertThat(cache.healthy()).isTrue();
    await(adminClient.close());
    await(cache.close());
  }

  @Test
  void errorRepliesAreMissesAndNoOps() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options());
    Redis adminClient = Redis.createClient(vertx, redis.url());
    RedisAPI admin = RedisAPI.api(adminClient);
    await(cache.putAll(L2Fixtures.entries("r", 3), 1));
    assertThat(cache.errors()).isZero();

    await(admin.acl(List.of("SETUSER", "default", "-mget", "-set", "-del")));
    assertThat(await(cache.getAll(accounts("r", 0, 3)))).isEmpty();
    await(cache.putAll(Map.of("r9", new L2Entry(List.of("t"), 1)), 1));
    await(cache.delete(accounts("r", 0, 3)));
    assertThat(cache.errors()).isEqualTo(3);
    assertThat(cache.healthy()).isFalse();

    await(admin.acl(List.of("SETUSER", "default", "+@all")));
    assertThat(await(cache.getAll(accounts("r", 0, 10)))).containsOnlyKeys("r0", "r1", "r2");
    assertThat(cache.healthy()).isTrue();
    await(adminClient.close());
    await(cache.close());
  }

  @Test
  void neverLogsThePasswordOfTheUrl() {
    String url = "redis://user:s3cret-pw@127.0.0.1:" + TestRedis.freePort();
    L2Cache cache = L2Cache.create(vertx, url, L2Fixtures.options());

    assertThat(await(cache.getAll(List.of("a")))).isEmpty();
    await(cache.putAll(Map.of("a", new L2Entry(List.of("t"), 1)), 1));

    assertThat(messages(Level.WARN)).hasSize(1);
    assertThat(log.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("s3cret-pw"));
    await(cache.close());
  }

  private List<String> messages(Level level) {
    return log.list.stream().filter(event -> event.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
  }
}
