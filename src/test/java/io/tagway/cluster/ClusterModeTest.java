package io.tagway.cluster;

import io.tagway.testing.GatewayFleet;
import io.tagway.testing.TestRedisCluster;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** Two gateways on a Redis Cluster of three masters (redis.mode cluster). */
@Timeout(60)
class ClusterModeTest extends RedisModeBasics {

  private static TestRedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = TestRedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  GatewayFleet.Builder withRedis(GatewayFleet.Builder builder) {
    return builder.redisCluster(cluster.endpoints());
  }

  @Override
  Redis client(Vertx vertx) {
    return Redis.createClient(vertx, new RedisOptions().setType(RedisClientType.CLUSTER).setEndpoints(cluster.endpoints()));
  }
}
