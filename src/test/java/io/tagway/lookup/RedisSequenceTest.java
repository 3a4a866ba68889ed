package io.tagway.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisSequenceTest {

  @Test
  void growsAcrossCallsAndClientsAndStaysAheadOfTheClock(TestRedis redis) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      RedisSequence one = new RedisSequence(Redis.createClient(vertx, redis.url()), 1_400_200_001L,
          new Sequencer(0), Duration.ofSeconds(2));
      RedisSequence two = new RedisSequence(Redis.createClient(vertx, redis.url()), 1_400_200_001L,
          new Sequencer(0), Duration.ofSeconds(2));
      long first = await(one.next());
      long second = await(two.next());
      long third = await(one.next());
      assertThat(first).isGreaterThan(System.currentTimeMillis() * 1000 - 60_000_000L);
      assertThat(second).isGreaterThan(first);
      assertThat(third).isGreaterThan(second);
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void withoutRedisItFallsBackToTheLocalSequencerNeverBelowTheLastSharedNumber() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestRedis own = TestRedis.startOwn()) {
      RedisSequence sequence = new RedisSequence(Redis.createClient(vertx, own.url()), 1_400_200_002L,
          new Sequencer(5), Duration.ofMillis(500));
      long shared = await(sequence.next());
      own.stop();
      assertThat(await(sequence.next())).isGreaterThan(shared);
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
