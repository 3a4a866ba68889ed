package io.tagway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({VertxExtension.class, RedisExtension.class})
class RedisHarnessTest {

  @Test
  void roundTripThroughTheVertxRedisClient(Vertx vertx, TestRedis redis, VertxTestContext test) {
    assertThat(redis.url()).doesNotEndWith(":6379");
    Redis client = Redis.createClient(vertx, redis.url());
    RedisAPI api = RedisAPI.api(client);
    api.set(List.of("harness:key", "value"))
        .compose(ok -> api.get("harness:key"))
        .compose(value -> {
          test.verify(() -> assertThat(value.toString()).isEqualTo("value"));
          return api.expire(List.of("harness:key", "60"));
        })
        .compose(expired -> {
          test.verify(() -> assertThat(expired.toInteger()).isEqualTo(1));
          return api.ttl("harness:key");
        })
        .onComplete(test.succeeding(ttl -> test.verify(() -> {
          assertThat(ttl.toInteger()).isBetween(1, 60);
          client.close();
          test.completeNow();
        })));
  }

  @Test
  void usesRedisUrlWhenSetAndNeverStartsAServer() {
    TestRedis external = TestRedis.fromEnvironmentOrStart(Map.of("REDIS_URL", "redis://127.0.0.1:1"));
    assertThat(external.owned()).isFalse();
    assertThat(external.url()).isEqualTo("redis://127.0.0.1:1");
  }

  @Test
  void anOwnServerCanBeStoppedAndRestartedOnTheSamePort(Vertx vertx, VertxTestContext test) {
    TestRedis own = TestRedis.startOwn();
    Redis client = Redis.createClient(vertx, own.url());
    RedisAPI api = RedisAPI.api(client);
    api.set(List.of("k", "1"))
        .compose(ok -> {
          own.stop();
          return api.get("k").transform(ar -> {
            test.verify(() -> assertThat(ar.failed()).as("a command while Redis is down fails").isTrue());
            own.restart();
            return api.set(List.of("k", "2"));
          });
        })
        .compose(ok -> api.get("k"))
        .onComplete(test.succeeding(value -> test.verify(() -> {
          assertThat(value.toString()).isEqualTo("2");
          client.close();
          own.close();
          test.completeNow();
        })));
  }
}
