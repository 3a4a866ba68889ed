package io.tagway.cluster;

import static io.tagway.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.config.RedisConfig;
import io.tagway.config.Secret;
import io.tagway.redis.RedisConnector;
import io.tagway.testing.GatewayFleet;
import io.tagway.testing.TestRedisCluster;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  /**
   * Redis Cluster counts only the subscribers on the node that took a PUBLISH, so an instance that
   * trusted whichever node its client picked could stop waiting before the others applied an
   * invalidation. Every publish here must complete only after the other bus applied it, whichever
   * node the shared client would have sent it to.
   */
  @Test
  void aPublishCompletesOnlyAfterTheOtherInstanceAppliedIt() {
    Vertx vertx = Vertx.vertx();
    List<InvalidationBus> buses = new ArrayList<>();
    try {
      Set<Long> applied = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 2; i++) {
        RedisConnector connector = new RedisConnector(vertx, new RedisConfig("cluster",
            cluster.endpoints().stream().map(Secret::new).toList(), null, Optional.empty(),
            Duration.ofSeconds(2), 4, 0.5, Duration.ofSeconds(5)));
        InvalidationBus.Listener listener = i == 0 ? new Ignoring() : new Recording(applied);
        InvalidationBus bus = new InvalidationBus(vertx.getOrCreateContext(), connector.pubSubClient(),
            connector::subscriberConnection, 1400000000L, listener, Duration.ofSeconds(5), Duration.ofSeconds(2));
        buses.add(bus);
        await(bus.start());
      }
      for (long sequence = 1; sequence <= 12; sequence++) {
        await(buses.get(0).publish(List.of("acct-" + sequence), sequence));
        assertThat(applied).as("applied by B when A's publish %d completed", sequence).contains(sequence);
      }
    } finally {
      buses.forEach(bus -> await(bus.close()));
      await(vertx.close());
    }
  }

  private record Recording(Set<Long> applied) implements InvalidationBus.Listener {
    @Override
    public void invalidated(List<String> accounts, long sequence) {
      applied.add(sequence);
    }

    @Override
    public void resubscribed() {}
  }

  private static final class Ignoring implements InvalidationBus.Listener {
    @Override
    public void invalidated(List<String> accounts, long sequence) {}

    @Override
    public void resubscribed() {}
  }
}
