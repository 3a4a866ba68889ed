package io.tagway.cluster;

import io.tagway.testing.GatewayFleet;
import io.tagway.testing.TestRedisSentinel;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** Two gateways on a master found through a Sentinel (redis.mode sentinel). */
@Timeout(60)
class SentinelModeTest extends RedisModeBasics {

  private static TestRedisSentinel sentinel;

  @BeforeAll
  static void startSentinel() {
    sentinel = TestRedisSentinel.start();
  }

  @AfterAll
  static void stopSentinel() {
    if (sentinel != null) {
      sentinel.close();
    }
  }

  @Override
  GatewayFleet.Builder withRedis(GatewayFleet.Builder builder) {
    return builder.redisSentinel(sentinel.sentinelEndpoints(), TestRedisSentinel.MASTER_NAME);
  }

  @Override
  Redis client(Vertx vertx) {
    return Redis.createClient(vertx, sentinel.masterUrl());
  }
}
