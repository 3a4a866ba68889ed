package io.tagway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.ratelimit.Permit;
import io.tagway.ratelimit.RateLimiter;
import io.tagway.ratelimit.PacedRateLimiter;
import io.tagway.upstream.TimException;
import io.tagway.upstream.TimFailureKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MissCoalescerTest {

  private static final long HOUR = Duration.ofHours(1).toNanos();

  private final List<List<String>> calls = new CopyOnWriteArrayList<>();

  /** Answers every account with its own name upper-cased. */
  private Future<Map<String, String>> echo(List<String> accounts) {
    calls.add(accounts);
    Map<String, String> values = new HashMap<>();
    accounts.forEach(a -> values.put(a, a.toUpperCase()));
    return Future.succeededFuture(values);
  }

  private MissCoalescer<String> coalescer(Vertx vertx, CoalescerOptions options, RateLimiter limiter,
      MissLoader<String> loader, CoalescerListener listener) {
    return new MissCoalescer<>(vertx.getOrCreateContext(), options, limiter, loader, System::nanoTime, listener);
  }

  private MissCoalescer<String> coalescer(Vertx vertx, MissLoader<String> loader) {
    return coalescer(vertx, CoalescerOptions.defaults(), new PacedRateLimiter(100, Duration.ofMillis(20), Duration.ofSeconds(5), System::nanoTime),
        loader, CoalescerListener.NONE);
  }

  private static long in(Duration d) {
    return System.nanoTime() + d.toNanos();
  }

  @Test
  void thousandDistinctConcurrentMissesMakeTenFullCalls(Vertx vertx, VertxTestContext test) {
    // A wide window so that a slow (cold JIT) submitting thread cannot split a batch.
    CoalescerOptions wide = new CoalescerOptions(Duration.ofMillis(500), 100, 50_000, 10_000, 2, Duration.ofMillis(50));
    MissCoalescer<String> coalescer = coalescer(vertx, wide,
        new PacedRateLimiter(100, Duration.ofMillis(20), Duration.ofSeconds(5), System::nanoTime), this::echo, CoalescerListener.NONE);
    List<Future<List<MissResult<String>>>> answers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      answers.add(coalescer.resolve(List.of("a" + i), in(Duration.ofSeconds(10)), Priority.INTERACTIVE));
    }
    Future.all(answers).onComplete(test.succeeding(all -> test.verify(() -> {
      assertThat(calls).hasSize(10).allSatisfy(call -> assertThat(call).hasSize(100));
      for (int i = 0; i < 1000; i++) {
        assertThat(answers.get(i).result().get(0).value()).isEqualTo("A" + i);
      }
      test.completeNow();
    })));
  }

  @Test
  void manyReadyBatchesTakeOneAskOfASlowLimiter(Vertx vertx, VertxTestContext test) {
    // A limiter that answers 50 ms after it is asked, as a distant or busy Redis would: one ask per
    // batch would take half a second for ten batches, and cap a busy gateway at 20 calls a second.
    List<Integer> asked = new CopyOnWriteArrayList<>();
    CountingLimiter grants = new CountingLimiter();
    RateLimiter slow = new RateLimiter() {
      @Override
      public Future<Permit> tryAcquire() {
        return tryAcquire(1).map(permits -> permits.get(0));
      }

      @Override
      public Future<List<Permit>> tryAcquire(int max) {
        asked.add(max);
        return Future.future(p -> vertx.setTimer(50, id -> {
          List<Permit> permits = new ArrayList<>();
          for (int i = 0; i < max; i++) {
            permits.add(grants.tryAcquire().result());
          }
          p.complete(permits);
        }));
      }

      @Override
      public void release(Permit permit, long endedNanosAgo) {
        grants.release(permit, endedNanosAgo);
      }

      @Override
      public void pause(Duration duration) {}

      @Override
      public int limit() {
        return 100;
      }
    };
    MissCoalescer<String> coalescer = coalescer(vertx, CoalescerOptions.defaults(), slow, this::echo, CoalescerListener.NONE);
    List<String> accounts = IntStream.range(0, 1000).mapToObj(i -> "m" + i).toList();
    coalescer.resolve(accounts, in(Duration.ofSeconds(10)), Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          assertThat(results).allSatisfy(result -> assertThat(result.ok()).isTrue());
          assertThat(calls).hasSize(10).allSatisfy(call -> assertThat(call).hasSize(100));
          assertThat(asked).as("permits asked for per ask").containsExactly(MissCoalescer.MAX_PERMITS_PER_ASK, 2);
          assertThat(grants.granted).hasValue(10);
          test.completeNow();
        })));
  }

  @Test
  void aRetryNotYetDueIsNotAskedForWithTheReadyBatches(Vertx vertx, VertxTestContext test) {
    // A permit asked for ahead of a retry's backoff would sit unused (or be given back, which still
    // holds its slot for a second): the two full batches ask for two.
    List<Integer> asked = new CopyOnWriteArrayList<>();
    CountingLimiter grants = new CountingLimiter() {
      @Override
      public Future<List<Permit>> tryAcquire(int max) {
        asked.add(max);
        List<Permit> permits = new ArrayList<>();
        for (int i = 0; i < max; i++) {
          permits.add(tryAcquire().result());
        }
        return Future.succeededFuture(permits);
      }
    };
    AtomicInteger badAttempts = new AtomicInteger();
    MissLoader<String> failsBadOnce = accounts -> accounts.contains("bad") && badAttempts.incrementAndGet() == 1
        ? Future.failedFuture(new TimException(TimFailureKind.TRANSIENT, 91000, 200, "internal error"))
        : echo(accounts);
    CoalescerOptions options = new CoalescerOptions(Duration.ofMillis(1), 100, 1000, 100, 2, Duration.ofMillis(500));
    MissCoalescer<String> coalescer = coalescer(vertx, options, grants, failsBadOnce, CoalescerListener.NONE);
    Future<List<MissResult<String>>> bad = coalescer.resolve(List.of("bad"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE);
    vertx.setTimer(50, id -> {
      List<String> accounts = IntStream.range(0, 200).mapToObj(i -> "r" + i).toList();
      Future.all(bad, coalescer.resolve(accounts, in(Duration.ofSeconds(10)), Priority.INTERACTIVE))
          .onComplete(test.succeeding(all -> test.verify(() -> {
            assertThat(badAttempts).hasValue(2);
            assertThat(asked).as("the first try, the two full batches, then the retry").containsExactly(1, 2, 1);
            assertThat(grants.granted).hasValue(4);
            test.completeNow();
          })));
    });
  }

  @Test
  void theWindowCountsFromWhenTheLookupBegan(Vertx vertx, VertxTestContext test) {
    // A one-second window: a lookup that began 900 ms ago leaves about 100 ms after it is queued,
    // one that begins now waits the whole second.
    CoalescerOptions slow = new CoalescerOptions(Duration.ofSeconds(1), 100, 50_000, 10_000, 2, Duration.ofMillis(50));
    MissCoalescer<String> early = coalescer(vertx, slow,
        new PacedRateLimiter(100, Duration.ofMillis(20), Duration.ofSeconds(5), System::nanoTime), this::echo, CoalescerListener.NONE);
    MissCoalescer<String> late = coalescer(vertx, slow,
        new PacedRateLimiter(100, Duration.ofMillis(20), Duration.ofSeconds(5), System::nanoTime), this::echo, CoalescerListener.NONE);
    long queued = System.nanoTime();
    Future<Long> fromEarly = early.resolve(List.of("a"), in(Duration.ofSeconds(10)), queued - 900_000_000L, Priority.INTERACTIVE)
        .map(answer -> System.nanoTime() - queued);
    Future<Long> fromLate = late.resolve(List.of("b"), in(Duration.ofSeconds(10)), queued, Priority.INTERACTIVE)
        .map(answer -> System.nanoTime() - queued);
    Future.all(fromEarly, fromLate).onComplete(test.succeeding(all -> test.verify(() -> {
      assertThat(fromEarly.result()).isBetween(90_000_000L, 600_000_000L);
      assertThat(fromLate.result()).isGreaterThanOrEqualTo(1_000_000_000L);
      test.completeNow();
    })));
  }

  @Test
  void theSameAccountAskedAThousandTimesAtOnceIsLoadedOnce(Vertx vertx, VertxTestContext test) {
    // The upstream takes 200 ms: every ask arrives while the one call is pending or in flight.
    MissCoalescer<String> coalescer = coalescer(vertx,
        accounts -> Future.future(p -> vertx.setTimer(200, id -> echo(accounts).onComplete(p))));
    List<Future<List<MissResult<String>>>> answers = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      answers.add(coalescer.resolve(List.of("same"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE));
    }
    Future.all(answers).onComplete(test.succeeding(all -> test.verify(() -> {
      assertThat(calls).containsExactly(List.of("same"));
      assertThat(answers).allSatisfy(a -> assertThat(a.result().get(0).value()).isEqualTo("SAME"));
      test.completeNow();
    })));
  }

  @Test
  void whilePermitsAreScarceBatchesKeepFilling(Vertx vertx, VertxTestContext test) {
    // One call per second: the first call takes the first miss alone; everything that arrives
    // while waiting for the next permit leaves together.
    MissCoalescer<String> coalescer = coalescer(vertx, CoalescerOptions.defaults(),
        new PacedRateLimiter(1, Duration.ofMillis(20), Duration.ofSeconds(5), System::nanoTime), this::echo, CoalescerListener.NONE);
    Future<?> first = coalescer.resolve(List.of("first"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE);
    List<Future<List<MissResult<String>>>> rest = new ArrayList<>();
    vertx.setTimer(20, id -> {
      for (int i = 0; i < 60; i++) {
        rest.add(coalescer.resolve(List.of("r" + i), in(Duration.ofSeconds(10)), Priority.INTERACTIVE));
      }
      Future.all(rest).onComplete(test.succeeding(all -> test.verify(() -> {
        assertThat(first.succeeded()).isTrue();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).hasSize(60);
        test.completeNow();
      })));
    });
  }

  @Test
  void interactiveMissesGoBeforeBackgroundRefreshes(Vertx vertx, VertxTestContext test) {
    ManualLimiter limiter = new ManualLimiter();
    MissCoalescer<String> coalescer = coalescer(vertx, CoalescerOptions.defaults(), limiter, this::echo, CoalescerListener.NONE);
    List<String> backgroundAccounts = IntStream.range(0, 80).mapToObj(i -> "b" + i).toList();
    List<String> interactiveAccounts = IntStream.range(0, 50).mapToObj(i -> "i" + i).toList();
    coalescer.resolve(backgroundAccounts, in(Duration.ofSeconds(10)), Priority.BACKGROUND);
    Future<List<MissResult<String>>> interactive = coalescer.resolve(interactiveAccounts, in(Duration.ofSeconds(10)), Priority.INTERACTIVE);
    vertx.setTimer(50, id -> limiter.open());
    interactive.onComplete(test.succeeding(r -> test.verify(() -> {
      assertThat(calls.get(0)).hasSize(100).startsWith(interactiveAccounts.toArray(String[]::new));
      assertThat(calls.get(0).subList(50, 100)).isEqualTo(backgroundAccounts.subList(0, 50));
      test.completeNow();
    })));
  }

  @Test
  void aFullQueueAnswersAtOnceWithARetryHint(Vertx vertx, VertxTestContext test) {
    ManualLimiter closed = new ManualLimiter();
    CoalescerOptions small = new CoalescerOptions(Duration.ofMillis(5), 100, 100, 50, 2, Duration.ofMillis(10));
    MissCoalescer<String> coalescer = coalescer(vertx, small, closed, this::echo, CoalescerListener.NONE);
    List<String> hundred = IntStream.range(0, 100).mapToObj(i -> "q" + i).toList();
    coalescer.resolve(hundred, System.nanoTime() + HOUR, Priority.INTERACTIVE);
    coalescer.resolve(List.of("late", "q1"), System.nanoTime() + HOUR, Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          assertThat(results).hasSize(2);
          assertThat(results.get(0).failure().reason()).isEqualTo(MissFailure.Reason.QUEUE_FULL);
          assertThat(results.get(0).failure().retryAfter()).isPositive();
          test.completeNow();
        })));
    vertx.setTimer(100, id -> closed.open()); // lets "q1" complete so the second answer can be given
  }

  @Test
  void anUnmeetableDeadlineIsAnsweredAtOnce(Vertx vertx, VertxTestContext test) {
    ManualLimiter closed = new ManualLimiter(1);
    MissCoalescer<String> coalescer = coalescer(vertx, CoalescerOptions.defaults(), closed, this::echo, CoalescerListener.NONE);
    coalescer.resolve(IntStream.range(0, 500).mapToObj(i -> "x" + i).toList(), System.nanoTime() + HOUR, Priority.INTERACTIVE);
    coalescer.resolve(List.of("urgent"), in(Duration.ofSeconds(2)), Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          MissFailure failure = results.get(0).failure();
          assertThat(failure.reason()).isEqualTo(MissFailure.Reason.DEADLINE_UNMEETABLE);
          assertThat(failure.retryAfter()).isGreaterThan(Duration.ofSeconds(2));
          assertThat(calls).isEmpty();
          test.completeNow();
        })));
  }

  @Test
  void aLoaderThatNeverAnswersStillLetsEveryWaiterCompleteAtItsDeadline(Vertx vertx, VertxTestContext test) {
    MissCoalescer<String> coalescer = coalescer(vertx, accounts -> Promise.<Map<String, String>>promise().future());
    coalescer.resolve(List.of("hang"), in(Duration.ofMillis(200)), Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          assertThat(results.get(0).failure().reason()).isEqualTo(MissFailure.Reason.DEADLINE_EXCEEDED);
          test.completeNow();
        })));
  }

  @Test
  void accountsWhoseCallersAllGaveUpAreNotFetched(Vertx vertx, VertxTestContext test) {
    ManualLimiter closed = new ManualLimiter();
    MissCoalescer<String> coalescer = coalescer(vertx, CoalescerOptions.defaults(), closed, this::echo, CoalescerListener.NONE);
    Future<List<MissResult<String>>> gone = coalescer.resolve(List.of("gone", "shared"), in(Duration.ofMillis(100)), Priority.INTERACTIVE);
    Future<List<MissResult<String>>> waiting = coalescer.resolve(List.of("shared"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE);
    gone.compose(expired -> {
      test.verify(() -> {
        assertThat(expired).allSatisfy(r -> assertThat(r.failure().reason()).isEqualTo(MissFailure.Reason.DEADLINE_EXCEEDED));
        assertThat(coalescer.queueDepth()).as("only the account someone still waits for").isEqualTo(1);
      });
      closed.open();
      return waiting;
    }).onComplete(test.succeeding(shared -> test.verify(() -> {
      assertThat(shared.get(0).value()).isEqualTo("SHARED");
      assertThat(calls).containsExactly(List.of("shared"));
      test.completeNow();
    })));
  }

  @Test
  void whileTheLimiterSaysNoItIsAskedAgainOncePerWindowNotOncePerMiss(Vertx vertx, VertxTestContext test) {
    // The clock stands still unless the test moves it; the limiter says "wait a second" until opened.
    AtomicLong clock = new AtomicLong(System.nanoTime());
    AtomicInteger asks = new AtomicInteger();
    ManualLimiter closed = new ManualLimiter(100, Duration.ofSeconds(1)) {
      @Override
      public Future<Permit> tryAcquire() {
        asks.incrementAndGet();
        return super.tryAcquire();
      }
    };
    Context context = vertx.getOrCreateContext();
    MissCoalescer<String> coalescer =
        new MissCoalescer<>(context, CoalescerOptions.defaults(), closed, this::echo, clock::get, CoalescerListener.NONE);
    long deadline = clock.get() + HOUR;
    // A full batch waits, so every admission finds a batch ready to leave.
    Future<List<MissResult<String>>> first =
        coalescer.resolve(IntStream.range(0, 150).mapToObj(i -> "f" + i).toList(), deadline, Priority.INTERACTIVE);
    for (int i = 0; i < 200; i++) {
      coalescer.resolve(List.of("s" + i), deadline, Priority.INTERACTIVE);
    }
    context.runOnContext(v -> {
      test.verify(() -> assertThat(asks).as("asked once for 201 admissions").hasValue(1));
      clock.addAndGet(CoalescerOptions.defaults().window().toNanos());
      coalescer.resolve(List.of("after-a-window"), deadline, Priority.INTERACTIVE);
      context.runOnContext(w -> {
        test.verify(() -> assertThat(asks).as("asked again once the window passed").hasValue(2));
        closed.open();
        clock.addAndGet(CoalescerOptions.defaults().window().toNanos());
        coalescer.resolve(List.of("after-opening"), deadline, Priority.INTERACTIVE);
      });
    });
    first.onComplete(test.succeeding(results -> test.verify(() -> {
      assertThat(results).allSatisfy(r -> assertThat(r.value()).isNotNull());
      assertThat(calls).isNotEmpty();
      test.completeNow();
    })));
  }

  @Test
  void aLoneMissGetsItsPermitWhileItsWindowRunsAndStillWaitsTheWindow(Vertx vertx, VertxTestContext test) {
    CoalescerOptions wide = new CoalescerOptions(Duration.ofMillis(300), 100, 50_000, 10_000, 2, Duration.ofMillis(50));
    CountingLimiter limiter = new CountingLimiter();
    AtomicInteger prepared = new AtomicInteger();
    List<Long> loadedAt = new CopyOnWriteArrayList<>();
    MissLoader<String> loader = new MissLoader<>() {
      @Override
      public Future<Map<String, String>> load(List<String> accounts) {
        loadedAt.add(System.nanoTime());
        test.verify(() -> assertThat(prepared.get()).as("prepared before the load").isPositive());
        return echo(accounts);
      }

      @Override
      public void prepare() {
        prepared.incrementAndGet();
      }
    };
    MissCoalescer<String> coalescer = coalescer(vertx, wide, limiter, loader, CoalescerListener.NONE);
    long start = System.nanoTime();
    coalescer.resolve(List.of("lone"), in(Duration.ofSeconds(10)), start, Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          assertThat(results.get(0).value()).isEqualTo("LONE");
          assertThat(limiter.granted).hasValue(1);
          assertThat(limiter.grantedAt.get(0) - start).as("permit asked for at once").isLessThan(200_000_000L);
          assertThat(loadedAt).hasSize(1);
          assertThat(loadedAt.get(0) - start).as("sent after the window").isGreaterThanOrEqualTo(300_000_000L);
          test.completeNow();
        })));
  }

  @Test
  void aPermitHeldForABatchWhoseCallersAllGaveUpIsGivenBack(Vertx vertx, VertxTestContext test) {
    CoalescerOptions wide = new CoalescerOptions(Duration.ofMillis(300), 100, 50_000, 10_000, 2, Duration.ofMillis(50));
    CountingLimiter limiter = new CountingLimiter();
    MissCoalescer<String> coalescer = coalescer(vertx, wide, limiter, this::echo, CoalescerListener.NONE);
    coalescer.resolve(List.of("impatient"), in(Duration.ofMillis(100)), Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          assertThat(results.get(0).failure().reason()).isEqualTo(MissFailure.Reason.DEADLINE_EXCEEDED);
          assertThat(limiter.granted).as("held while the window ran").hasValue(1);
          vertx.setTimer(400, id -> test.verify(() -> {
            assertThat(calls).isEmpty();
            assertThat(limiter.released).as("given back once the window was over").hasValue(1);
            test.completeNow();
          }));
        })));
  }

  @Test
  void aPermitIsFreedAsOfTheCallsEndOnceTheWaitersHaveTheirAnswers(Vertx vertx, VertxTestContext test) {
    CountingLimiter limiter = new CountingLimiter();
    Promise<Map<String, String>> stored = Promise.promise();
    MissLoader<String> loader = new MissLoader<>() {
      @Override
      public Future<Map<String, String>> load(List<String> accounts) {
        throw new AssertionError("the coalescer says when the call ends");
      }

      @Override
      public Future<Map<String, String>> load(List<String> accounts, Runnable callEnded) {
        callEnded.run(); // the upstream answered; storing takes a while longer
        vertx.setTimer(200, id -> stored.complete(Map.of("slow", "SLOW")));
        return stored.future();
      }
    };
    MissCoalescer<String> coalescer = coalescer(vertx, CoalescerOptions.defaults(), limiter, loader, CoalescerListener.NONE);
    coalescer.resolve(List.of("slow"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          assertThat(results.get(0).value()).isEqualTo("SLOW");
          assertThat(limiter.released).as("not freed before the waiter has its answer").hasValue(0);
          vertx.setTimer(50, id -> test.verify(() -> {
            assertThat(limiter.released).as("freed once").hasValue(1);
            assertThat(limiter.endedAgo.get(0)).as("freed as of the call's end, before the answer was stored")
                .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
            test.completeNow();
          }));
        })));
  }

  @Test
  void transientFailuresAreRetriedEachPayingAPermit(Vertx vertx, VertxTestContext test) {
    AtomicInteger attempts = new AtomicInteger();
    CountingLimiter limiter = new CountingLimiter();
    MissLoader<String> flaky = accounts -> attempts.incrementAndGet() < 3
        ? Future.failedFuture(new TimException(TimFailureKind.TRANSIENT, 91000, 200, "internal error"))
        : echo(accounts);
    coalescer(vertx, CoalescerOptions.defaults(), limiter, flaky, CoalescerListener.NONE)
        .resolve(List.of("a"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          assertThat(results.get(0).value()).isEqualTo("A");
          assertThat(attempts).hasValue(3);
          assertThat(limiter.granted).hasValue(3);
          test.completeNow();
        })));
  }

  @Test
  void whenRetriesRunOutOnlyThatBatchFailsAndTheCoalescerGoesOn(Vertx vertx, VertxTestContext test) {
    MissLoader<String> failsForBad = accounts -> accounts.contains("bad")
        ? Future.failedFuture(new TimException(TimFailureKind.TRANSIENT, 0, 502, "HTTP 502"))
        : echo(accounts);
    CoalescerOptions options = new CoalescerOptions(Duration.ofMillis(1), 100, 1000, 100, 2, Duration.ofMillis(5));
    MissCoalescer<String> coalescer = coalescer(vertx, options,
        new PacedRateLimiter(100, Duration.ofMillis(20), Duration.ofSeconds(5), System::nanoTime), failsForBad, CoalescerListener.NONE);
    coalescer.resolve(List.of("bad"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE)
        .compose(bad -> {
          test.verify(() -> assertThat(bad.get(0).failure().reason()).isEqualTo(MissFailure.Reason.UPSTREAM_UNAVAILABLE));
          return coalescer.resolve(List.of("good"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE);
        })
        .onComplete(test.succeeding(good -> test.verify(() -> {
          assertThat(good.get(0).value()).isEqualTo("GOOD");
          assertThat(calls).containsExactly(List.of("good"));
          test.completeNow();
        })));
  }

  @Test
  void aLoaderThatThrowsFailsItsBatchOnly(Vertx vertx, VertxTestContext test) {
    MissLoader<String> throwing = accounts -> {
      if (accounts.contains("boom")) {
        throw new IllegalStateException("boom");
      }
      return echo(accounts);
    };
    CoalescerOptions noRetry = new CoalescerOptions(Duration.ofMillis(1), 100, 1000, 100, 0, Duration.ofMillis(5));
    MissCoalescer<String> coalescer = coalescer(vertx, noRetry,
        new PacedRateLimiter(100, Duration.ofMillis(20), Duration.ofSeconds(5), System::nanoTime), throwing, CoalescerListener.NONE);
    coalescer.resolve(List.of("boom"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE)
        .compose(boom -> {
          test.verify(() -> assertThat(boom.get(0).ok()).isFalse());
          return coalescer.resolve(List.of("fine"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE);
        })
        .onComplete(test.succeeding(fine -> test.verify(() -> {
          assertThat(fine.get(0).value()).isEqualTo("FINE");
          test.completeNow();
        })));
  }

  @Test
  void throttlingPausesTheLimiterAndAnExpiredSignatureIsRetriedOnce(Vertx vertx, VertxTestContext test) {
    CountingLimiter limiter = new CountingLimiter();
    AtomicInteger attempts = new AtomicInteger();
    MissLoader<String> loader = accounts -> switch (attempts.incrementAndGet()) {
      case 1 -> Future.failedFuture(new TimException(TimFailureKind.THROTTLED, 60007, 200, "frequency limit"));
      case 2 -> Future.failedFuture(new TimException(TimFailureKind.SIGNATURE_RENEWABLE, 70001, 200, "expired"));
      default -> echo(accounts);
    };
    coalescer(vertx, CoalescerOptions.defaults(), limiter, loader, CoalescerListener.NONE)
        .resolve(List.of("a"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          assertThat(results.get(0).value()).isEqualTo("A");
          assertThat(limiter.paused).containsExactly(Duration.ofSeconds(1));
          assertThat(attempts).hasValue(3);
          test.completeNow();
        })));
  }

  @Test
  void fatalConfigurationFailsFastAndIsReported(Vertx vertx, VertxTestContext test) {
    List<TimException> fatal = new CopyOnWriteArrayList<>();
    AtomicInteger attempts = new AtomicInteger();
    MissLoader<String> wrongKey = accounts -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new TimException(TimFailureKind.FATAL_CONFIGURATION, 70009, 200, "bad signature"));
    };
    CoalescerListener listener = new CoalescerListener() {
      @Override
      public void fatalConfiguration(TimException failure) {
        fatal.add(failure);
      }
    };
    coalescer(vertx, CoalescerOptions.defaults(), new CountingLimiter(), wrongKey, listener)
        .resolve(List.of("a", "b"), in(Duration.ofSeconds(10)), Priority.INTERACTIVE)
        .onComplete(test.succeeding(results -> test.verify(() -> {
          assertThat(results).allSatisfy(r -> {
            assertThat(r.failure().reason()).isEqualTo(MissFailure.Reason.UPSTREAM_MISCONFIGURED);
            assertThat(r.failure().upstreamCode()).isEqualTo(70009);
          });
          assertThat(attempts).hasValue(1);
          assertThat(fatal).hasSize(1);
          test.completeNow();
        })));
  }

  /** Grants everything, counting grants (and when they were made) and releases (and how late), and records pauses. */
  static class CountingLimiter implements RateLimiter {
    final AtomicInteger granted = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();
    final List<Long> endedAgo = new CopyOnWriteArrayList<>();
    final List<Long> grantedAt = new CopyOnWriteArrayList<>();
    final List<Duration> paused = new CopyOnWriteArrayList<>();

    @Override
    public Future<Permit> tryAcquire() {
      grantedAt.add(System.nanoTime());
      return Future.succeededFuture(Permit.granted(granted.incrementAndGet(), 0, this));
    }

    @Override
    public void release(Permit permit, long endedNanosAgo) {
      released.incrementAndGet();
      endedAgo.add(endedNanosAgo);
    }

    @Override
    public void pause(Duration duration) {
      paused.add(duration);
    }

    @Override
    public int limit() {
      return 100;
    }
  }

  /** Grants nothing until opened (asking to wait 10 ms, or as told); then everything. */
  static class ManualLimiter implements RateLimiter {
    private final int limit;
    private final long waitNanos;
    private volatile boolean open;

    ManualLimiter() {
      this(100);
    }

    ManualLimiter(int limit) {
      this(limit, Duration.ofMillis(10));
    }

    ManualLimiter(int limit, Duration wait) {
      this.limit = limit;
      this.waitNanos = wait.toNanos();
    }

    void open() {
      open = true;
    }

    @Override
    public Future<Permit> tryAcquire() {
      return Future.succeededFuture(open ? Permit.granted(0, 0, this) : Permit.denied(waitNanos));
    }

    @Override
    public void release(Permit permit, long endedNanosAgo) {}

    @Override
    public void pause(Duration duration) {}

    @Override
    public int limit() {
      return limit;
    }
  }
}
