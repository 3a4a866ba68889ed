package io.tagway.cluster;

import static io.tagway.testing.Await.await;
import static io.tagway.testing.Await.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bus's acknowledgements over a real Redis, with the order of arrival forced: a publish
 * completes only once every other subscribed instance confirmed it, however the confirmations and
 * PUBLISH's own answer (which says how many to expect) interleave.
 */
@Timeout(60)
class InvalidationBusTest {

  private static final long APP = 1400000000L;
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);

  private TestRedis redis;
  private Vertx vertx;
  private final List<InvalidationBus> buses = new ArrayList<>();
  private final Map<String, List<Long>> applied = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    redis = TestRedis.startOwn();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    buses.forEach(bus -> await(bus.close()));
    await(vertx.close());
    redis.close();
  }

  @Test
  void confirmationsThatOvertakePublishsAnswerStillWaitForEveryInstance() {
    // A hears PUBLISH's answer late; B confirms at once; C confirms a second after applying.
    AtomicBoolean confirmedByC = new AtomicBoolean();
    InvalidationBus a = bus("A", publisher -> new Delayed(publisher, vertx, 300, 0, () -> { }));
    bus("B", publisher -> publisher);
    bus("C", publisher -> new Delayed(publisher, vertx, 0, 1_000, () -> confirmedByC.set(true)));
    awaitSubscribed();

    long started = System.nanoTime();
    AtomicBoolean confirmedByCWhenDone = new AtomicBoolean();
    await(a.publish(List.of("acct-1"), 42).onComplete(ar -> confirmedByCWhenDone.set(confirmedByC.get())));

    assertThat(confirmedByCWhenDone).as("C had confirmed when A's publish completed").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("completed by confirmations, not the timeout")
        .isLessThan(ACK_TIMEOUT.dividedBy(2));
    assertThat(applied).containsOnlyKeys("B", "C").containsEntry("B", List.of(42L)).containsEntry("C", List.of(42L));
  }

  @Test
  void aPublishWithNoOtherInstanceCompletesAtOnce() {
    InvalidationBus alone = bus("A", publisher -> publisher);
    awaitSubscribed();

    long started = System.nanoTime();
    await(alone.publish(List.of("acct-1"), 7));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ACK_TIMEOUT.dividedBy(2));
    assertThat(applied).isEmpty();
  }

  @Test
  void anInstanceThatNeverConfirmsHoldsThePublishOnlyUntilTheTimeout() {
    InvalidationBus a = bus("A", publisher -> publisher, Duration.ofMillis(300));
    bus("B", publisher -> publisher);
    bus("C", publisher -> new Delayed(publisher, vertx, 0, 60_000, () -> { }));
    awaitSubscribed();

    long started = System.nanoTime();
    await(a.publish(List.of("acct-1"), 9));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(applied).containsEntry("B", List.of(9L)).containsEntry("C", List.of(9L));
  }

  private InvalidationBus bus(String name, Function<Redis, Redis> publisher) {
    return bus(name, publisher, ACK_TIMEOUT);
  }

  private InvalidationBus bus(String name, Function<Redis, Redis> publisher, Duration ackTimeout) {
    InvalidationBus.Listener listener = new InvalidationBus.Listener() {
      @Override
      public void invalidated(List<String> accounts, long sequence) {
        applied.computeIfAbsent(name, n -> new ArrayList<>()).add(sequence);
      }

      @Override
      public void resubscribed() {}
    };
    InvalidationBus bus = new InvalidationBus(vertx.getOrCreateContext(),
        publisher.apply(Redis.createClient(vertx, redis.url())), () -> Redis.createClient(vertx, redis.url()).connect(),
        APP, listener, ackTimeout, Duration.ofSeconds(2));
    buses.add(bus);
    await(bus.start());
    return bus;
  }

  private void awaitSubscribed() {
    awaitUntil(vertx, Duration.ofSeconds(10), "every bus subscribed",
        () -> Future.succeededFuture(buses.stream().allMatch(InvalidationBus::subscribed)));
  }

  /**
   * A real client whose answers to PUBLISH on the invalidation channel arrive {@code answerDelay}
   * late, and whose confirmations (PUBLISH on the acknowledgement channel) leave
   * {@code confirmDelay} late, then run {@code confirmed}.
   */
  private record Delayed(Redis redis, Vertx vertx, long answerDelay, long confirmDelay, Runnable confirmed)
      implements Redis {

    @Override
    public Future<Response> send(Request request) {
      if (request.command() != Command.PUBLISH) {
        return redis.send(request);
      }
      if (request.toString().contains(":acks")) {
        return after(confirmDelay).compose(v -> redis.send(request)).onSuccess(r -> confirmed.run());
      }
      return redis.send(request).compose(answer -> after(answerDelay).map(answer));
    }

    private Future<Void> after(long millis) {
      return millis == 0 ? Future.succeededFuture() : vertx.timer(millis).mapEmpty();
    }

    @Override
    public Future<RedisConnection> connect() {
      return redis.connect();
    }

    @Override
    public Future<Void> close() {
      return redis.close();
    }

    @Override
    public Future<List<Response>> batch(List<Request> requests) {
      return redis.batch(requests);
    }
  }
}
