package io.tagway.metrics;

import static io.tagway.metrics.MetricsFixture.APP_KEY;
import static io.tagway.metrics.MetricsFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.cache.L2Keys;
import io.tagway.emulator.EmulatorOptions;
import io.tagway.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Redis meters of two gateways sharing a password-protected Redis of this test's own: L2 hits,
 * {@code tagway_redis_up}, Redis errors, and a password that never shows.
 */
@Timeout(120)
class MetricsRedisTest {

  private static final String PASSWORD = "metrics-redis-password-7e6d5c4b";

  @Test
  void l2HitsRedisHealthAndErrorsAreCountedPerGateway() {
    try (TestRedis redis = TestRedis.startOwn()) {
      requirePassword(redis);
      String url = "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port();
      try (MetricsFixture first = MetricsFixture.start(APP_KEY, Map.of("redis.url", url));
          MetricsFixture second = MetricsFixture.start(APP_KEY, Map.of("redis.url", url))) {
        AtomicInteger fresh = new AtomicInteger(1000);
        Scrape a0 = redisUp(first, fresh);
        Scrape b0 = redisUp(second, fresh);

        assertThat(first.get("/v1/users/u1/tags").headers().firstValue("X-Cache")).hasValue("MISS");
        awaitFilled(url, "u1"); // the fill is sent after the answer, not awaited
        assertThat(second.get("/v1/users/u1/tags").headers().firstValue("X-Cache")).hasValue("L2");

        // Each gateway reports only its own lookups, though both run in this JVM.
        Scrape a = first.scrape();
        Scrape b = second.scrape();
        assertThat(delta(a0, a, "miss")).isEqualTo(1);
        assertThat(delta(a0, a, "l2")).isZero();
        assertThat(delta(b0, b, "l2")).isEqualTo(1);
        assertThat(delta(b0, b, "miss")).isZero();
        for (Scrape s : new Scrape[] {a, b}) {
          assertThat(s.value("tagway_redis_up")).isEqualTo(1);
          assertThat(s.has("tagway_redis_errors_total")).isTrue();
          assertThat(s.has("tagway_redis_corrupt_values_total")).isTrue();
          assertThat(s.has("tagway_redis_rejected_reads_total")).isTrue();
          assertNoRedisSecret(s);
        }

        redis.stop();
        // Each lookup of a new account reads Redis, which now fails; readiness follows within a second.
        Scrape[] last = new Scrape[1];
        MetricsFixture.eventually(Duration.ofSeconds(30), () -> {
          second.get("/v1/users/u" + fresh.getAndIncrement() + "/tags");
          last[0] = second.scrape();
          return last[0].value("tagway_redis_up") == 0 && last[0].value("tagway_ready") == 0;
        });
        assertThat(last[0].value("tagway_redis_errors_total")).isGreaterThan(b.value("tagway_redis_errors_total"));
        assertNoRedisSecret(last[0]);
      }
    }
  }

  /**
   * Looks up new accounts until a Redis command of {@code gateway} has succeeded: the first ones
   * may time out while the connection is set up on a busy machine.
   */
  private static Scrape redisUp(MetricsFixture gateway, AtomicInteger fresh) {
    Scrape[] last = new Scrape[1];
    MetricsFixture.eventually(Duration.ofSeconds(30), () -> {
      gateway.get("/v1/users/u" + fresh.getAndIncrement() + "/tags");
      last[0] = gateway.scrape();
      return last[0].value("tagway_redis_up") == 1;
    });
    return last[0];
  }

  private static double delta(Scrape before, Scrape after, String tier) {
    return after.value("tagway_lookups_total", "tier", tier) - before.value("tagway_lookups_total", "tier", tier);
  }

  /** Waits until Redis holds {@code account}'s tags. */
  private static void awaitFilled(String url, String account) {
    Vertx vertx = Vertx.vertx();
    try {
      Redis client = Redis.createClient(vertx, url);
      String key = L2Keys.key(EmulatorOptions.DEFAULT_SDK_APP_ID, account);
      MetricsFixture.eventually(Duration.ofSeconds(10),
          () -> await(client.send(Request.cmd(Command.EXISTS).arg(key))).toInteger() == 1);
      client.close();
    } finally {
      await(vertx.close());
    }
  }

  private static void requirePassword(TestRedis redis) {
    Vertx vertx = Vertx.vertx();
    try {
      Redis client = Redis.createClient(vertx, redis.url());
      await(client.send(Request.cmd(Command.CONFIG).arg("SET").arg("requirepass").arg(PASSWORD)));
      client.close();
    } finally {
      await(vertx.close());
    }
  }

  private static void assertNoRedisSecret(Scrape s) {
    MetricsEndpointTest.assertNoSecret(s, APP_KEY);
    assertThat(s.text).doesNotContain(PASSWORD).doesNotContain("redis://");
  }
}
