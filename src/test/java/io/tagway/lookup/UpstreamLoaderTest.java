package io.tagway.lookup;

import static io.tagway.lookup.LookupFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loader against the real emulator over HTTP: how fetches are numbered and what is cached. */
class UpstreamLoaderTest {

  private LookupFixture fixture;
  private final AtomicInteger numbersTaken = new AtomicInteger();
  private UpstreamLoader loader;

  @BeforeEach
  void start() {
    fixture = new LookupFixture(null, LookupFixture.window(Duration.ofMillis(1)),
        LookupFixture.l1(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofHours(1)), Duration.ofSeconds(5));
    GlobalSequence counting = () -> {
      numbersTaken.incrementAndGet();
      return Future.succeededFuture(fixture.sequencer.next());
    };
    loader = new UpstreamLoader(fixture.client, fixture.interner, fixture.l1, null, counting, fixture.fence,
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aFetchIsNumberedWhenItStartsWithoutPreparation() {
    long before = fixture.sequencer.next();
    Map<String, Fetched> loaded = await(loader.load(List.of("u1", "u2")));
    assertThat(numbersTaken).hasValue(1);
    assertThat(loaded.get("u1").sequence()).isGreaterThan(before).isEqualTo(loaded.get("u2").sequence());
    assertThat(fixture.l1.get("u1")).isNotNull();
  }

  @Test
  void aPreparedNumberNumbersEveryFetchThatStartsWithinItsLife() {
    loader.prepare();
    loader.prepare(); // a second call while one is prepared takes no other number
    long afterPreparing = fixture.sequencer.next();
    // The batches of one ask for several permits load one after another, with no round trip between.
    Map<String, Fetched> first = await(loader.load(List.of("u1")));
    Map<String, Fetched> second = await(loader.load(List.of("u2")));
    assertThat(numbersTaken).hasValue(1);
    assertThat(first.get("u1").sequence()).isLessThan(afterPreparing).isEqualTo(second.get("u2").sequence());
    loader.prepare(); // the next ask: the number numbered fetches, so a fresh one is taken
    Map<String, Fetched> third = await(loader.load(List.of("u3")));
    assertThat(numbersTaken).hasValue(2);
    assertThat(third.get("u3").sequence()).isGreaterThan(afterPreparing);
  }

  @Test
  void aPreparedNumberThatFailedIsNotUsedAndIsReplaced() {
    AtomicInteger asked = new AtomicInteger();
    UpstreamLoader failingOnce = new UpstreamLoader(fixture.client, fixture.interner, fixture.l1, null, () ->
        asked.incrementAndGet() == 1
            ? Future.failedFuture(new IllegalStateException("Redis unreachable"))
            : Future.succeededFuture(fixture.sequencer.next()), fixture.fence, Clock.systemUTC());
    failingOnce.prepare();
    long afterFailure = fixture.sequencer.next();
    Map<String, Fetched> loaded = await(failingOnce.load(List.of("u1")));
    assertThat(asked).as("the failed number, then one for the fetch").hasValue(2);
    assertThat(loaded.get("u1").sequence()).isGreaterThan(afterFailure);
    failingOnce.prepare();
    assertThat(asked).as("the failed number is replaced at once").hasValue(3);
  }

  @Test
  void preparingAgainReplacesANumberPastHalfItsLife() throws InterruptedException {
    loader.prepare();
    Thread.sleep(UpstreamLoader.PREPARED_LIFE.toMillis() / 2 + 10);
    long beforeSecond = fixture.sequencer.next();
    loader.prepare();
    Map<String, Fetched> loaded = await(loader.load(List.of("u1")));
    assertThat(numbersTaken).hasValue(2);
    assertThat(loaded.get("u1").sequence()).isGreaterThan(beforeSecond);
  }

  @Test
  void aNumberPreparedTooLongAgoIsNotUsed() throws InterruptedException {
    loader.prepare();
    Thread.sleep(UpstreamLoader.PREPARED_LIFE.toMillis() + 50);
    long afterPreparing = fixture.sequencer.next();
    Map<String, Fetched> loaded = await(loader.load(List.of("u1")));
    assertThat(numbersTaken).hasValue(2);
    assertThat(loaded.get("u1").sequence()).isGreaterThan(afterPreparing);
  }

  @Test
  void aNumberPreparedBeforeAKnownInvalidationIsReplaced() {
    loader.prepare();
    long invalidated = fixture.sequencer.next();
    fixture.fence.begin("u1", invalidated); // invalidated after the number was taken, before the call
    Map<String, Fetched> loaded = await(loader.load(List.of("u1", "u2")));
    assertThat(numbersTaken).as("the prepared number, then a new one").hasValue(2);
    assertThat(loaded.get("u1").sequence()).isGreaterThan(invalidated).isEqualTo(loaded.get("u2").sequence());
    assertThat(fixture.fence.fetchCurrent("u1", loaded.get("u1").sequence())).isTrue();
    assertThat(fixture.l1.get("u1")).as("current: its call started after the invalidation").isNotNull();
  }

  @Test
  void aNumberPreparedBeforeAKnownInvalidationIsReplacedOnceItArrives() {
    Promise<Long> answer = Promise.promise();
    AtomicInteger asked = new AtomicInteger();
    UpstreamLoader slowSequence = new UpstreamLoader(fixture.client, fixture.interner, fixture.l1, null, () -> {
      asked.incrementAndGet();
      return asked.get() == 1 ? answer.future() : Future.succeededFuture(fixture.sequencer.next());
    }, fixture.fence, Clock.systemUTC());
    slowSequence.prepare();
    long prepared = fixture.sequencer.next();
    long invalidated = fixture.sequencer.next();
    fixture.fence.begin("u1", invalidated);
    Future<Map<String, Fetched>> loading = slowSequence.load(List.of("u1"));
    answer.complete(prepared); // Redis answers the prepared number only now
    Map<String, Fetched> loaded = await(loading);
    assertThat(asked).hasValue(2);
    assertThat(loaded.get("u1").sequence()).isGreaterThan(invalidated);
    assertThat(fixture.l1.get("u1")).isNotNull();
  }

  @Test
  void aPreparedNumberAboveEveryKnownInvalidationIsKept() {
    fixture.fence.begin("u1", fixture.sequencer.next());
    loader.prepare();
    Map<String, Fetched> loaded = await(loader.load(List.of("u1")));
    assertThat(numbersTaken).hasValue(1);
    assertThat(fixture.l1.get("u1")).isNotNull();
  }

  @Test
  void anInvalidationDuringTheCallKeepsTheFetchOutOfTheCache() {
    AtomicInteger asked = new AtomicInteger();
    // The invalidation begins after the fetch took its number, as if it arrived while the call was
    // under way: the answer is returned (its lookup fetches again) but not cached.
    UpstreamLoader racing = new UpstreamLoader(fixture.client, fixture.interner, fixture.l1, null, () -> {
      long number = fixture.sequencer.next();
      if (asked.incrementAndGet() == 1) {
        fixture.fence.begin("u1", fixture.sequencer.next());
      }
      return Future.succeededFuture(number);
    }, fixture.fence, Clock.systemUTC());
    Map<String, Fetched> loaded = await(racing.load(List.of("u1", "u2")));
    assertThat(loaded).containsKeys("u1", "u2");
    assertThat(fixture.fence.fetchCurrent("u1", loaded.get("u1").sequence())).isFalse();
    assertThat(fixture.l1.get("u1")).as("not current: its lookup fetches again").isNull();
    assertThat(fixture.l1.get("u2")).isNotNull();
  }
}
