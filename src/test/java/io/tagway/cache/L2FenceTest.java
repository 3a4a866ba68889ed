package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Lua fence in Redis: fills of fetches older than an invalidation are refused by Redis itself. */
@ExtendWith(RedisExtension.class)
class L2FenceTest {

  private static final long APP = 1_400_777_001L;
  private Vertx vertx;
  private L2Cache cache;
  private RedisAPI api;

  @BeforeEach
  void start(TestRedis redis) {
    vertx = Vertx.vertx();
    cache = L2Cache.create(vertx, redis.url(), L2Options.of(APP, Duration.ofMinutes(10), Duration.ofMinutes(1)));
    api = RedisAPI.api(Redis.createClient(vertx, redis.url()));
  }

  @AfterEach
  void stop() {
    await(cache.close());
    await(vertx.close());
  }

  @Test
  void aFillOlderThanAnInvalidationIsRefusedAndANewerOneStored() {
    L2Entry entry = new L2Entry(List.of("t"), 1);
    await(cache.putAll(Map.of("f1", entry), 5));
    assertThat(await(cache.getAll(List.of("f1")))).containsKey("f1");

    await(cache.invalidate(List.of("f1"), 10, Duration.ofMinutes(5)));
    assertThat(await(cache.getAll(List.of("f1")))).isEmpty();

    await(cache.putAll(Map.of("f1", entry), 9));
    assertThat(await(cache.getAll(List.of("f1")))).as("fetch 9 began before invalidation 10").isEmpty();
    await(cache.putAll(Map.of("f1", entry), 11));
    assertThat(await(cache.getAll(List.of("f1")))).containsKey("f1");
  }

  @Test
  void theInvalidationKeyKeepsTheHighestSequenceForTheHorizonInTheSameSlot() {
    await(cache.invalidate(List.of("f2"), 20, Duration.ofMinutes(5)));
    await(cache.invalidate(List.of("f2"), 15, Duration.ofMinutes(5)));
    String key = L2Keys.invalidationKey(APP, "f2");
    assertThat(key).isEqualTo("tw:" + APP + ":{f2}:inv");
    assertThat(await(api.get(key)).toString()).isEqualTo("20");
    assertThat(await(api.pttl(key)).toLong()).isBetween(1L, Duration.ofMinutes(5).toMillis());
  }

  @Test
  void scriptsWorkAfterRedisForgotThem() {
    await(api.script(List.of("FLUSH")));
    await(cache.invalidate(List.of("f3"), 30, Duration.ofMinutes(5)));
    await(api.script(List.of("FLUSH")));
    await(cache.putAll(Map.of("f3", new L2Entry(List.of("t"), 1)), 31));
    assertThat(await(cache.getAll(List.of("f3")))).containsKey("f3");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
