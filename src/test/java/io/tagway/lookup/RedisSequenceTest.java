package io.tagway.lookup;

import static io.tagway.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared sequence keeps coming from Redis, not from its local fallback. */
@ExtendWith(RedisExtension.class)
class RedisSequenceTest {

  @Test
  void everyNumberComesFromRedisAndTheKeyStaysAnInteger(TestRedis redis) {
    Vertx vertx = Vertx.vertx();
    try {
      Redis client = Redis.createClient(vertx, redis.url());
      long app = 1_400_200_000L + System.nanoTime() % 1000;
      // A local fallback far behind Redis's clock, so a fallback number would show at once.
      RedisSequence sequence = new RedisSequence(client, app, new Sequencer(1), Duration.ofSeconds(2));
      long previous = 0;
      for (int i = 0; i < 5; i++) {
        long next = await(sequence.next());
        String stored = await(client.send(Request.cmd(Command.GET).arg("tw:{" + app + ":seq}"))).toString();
        assertThat(stored).as("call %d", i).isEqualTo(Long.toString(next));
        assertThat(next).isGreaterThan(previous).isGreaterThan(1_600_000_000_000_000L);
        previous = next;
      }
    } finally {
      await(vertx.close());
    }
  }
}
