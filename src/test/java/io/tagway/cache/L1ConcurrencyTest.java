package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class L1ConcurrencyTest {

  private static final int THREADS = 8;
  private static final int KEYS = 200;

  private final FakeTicker ticker = new FakeTicker();
  private final TagSetInterner interner = new TagSetInterner();
  private final L1Cache cache =
      new L1Cache(
          new L1Options(100, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5),
              Duration.ofSeconds(10), 0.2),
          ticker);
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void mixedOperationsFromManyThreadsOnlyEverSeeTagsPutForThatAccount() throws Exception {
    List<Integer> seen = runOnAllThreads(thread -> {
      SplittableRandom random = new SplittableRandom(thread);
      int lookups = 0;
      for (int i = 0; i < 50_000; i++) {
        int key = random.nextInt(KEYS);
        int op = random.nextInt(100);
        if (op < 40) {
          cache.put("u" + key, tagsOf(key, random.nextInt(3)), Duration.ofMillis(random.nextInt(-100, 20_000)));
        } else if (op < 95) {
          L1Cache.Lookup lookup = cache.get("u" + key);
          if (lookup != null) {
            assertThat(lookup.state()).isNotNull();
            assertThat(lookup.tags()).isIn(tagsOf(key, 0), tagsOf(key, 1), tagsOf(key, 2));
            lookups++;
          }
        } else if (op < 99) {
          cache.invalidate("u" + key);
        } else if (thread == 0) {
          ticker.advance(Duration.ofMillis(random.nextInt(500)));
        } else if (random.nextInt(50) == 0) {
          cache.invalidateAll();
        }
      }
      return lookups;
    });
    assertThat(seen.stream().mapToInt(Integer::intValue).sum()).isPositive();
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isBetween(0L, 100L);
  }

  @Test
  void afterConcurrentPutsEachAccountHoldsItsLastTags() throws Exception {
    runOnAllThreads(thread -> {
      for (int round = 0; round < 1_000; round++) {
        for (int key = thread * 10; key < thread * 10 + 10; key++) {
          cache.put("u" + key, tagsOf(key, round % 3));
          assertThat(cache.get("u" + key).tags()).isSameAs(tagsOf(key, round % 3));
        }
      }
      return 0;
    });
    for (int key = 0; key < THREADS * 10; key++) {
      L1Cache.Lookup lookup = cache.get("u" + key);
      assertThat(lookup.state()).isEqualTo(L1Cache.State.FRESH);
      assertThat(lookup.tags()).isSameAs(tagsOf(key, 999 % 3));
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(THREADS * 10);
  }

  @Test
  void aLookupNeverPairsTagsWithTheFetchTimeOfNewerOnes() throws Exception {
    int writers = 2;
    int rounds = 20_000;
    Duration old = Duration.ofSeconds(6); // past the refresh age of 5 s: REFRESH
    List<Integer> fresh = runOnAllThreads(thread -> {
      int seen = 0;
      if (thread < writers) {
        for (int round = 0; round < rounds; round++) {
          String account = "u" + (round % 5 * writers + thread);
          cache.invalidate(account);
          cache.put(account, tagsOf(1, 1), old);
          cache.put(account, tagsOf(1, 2)); // newer, fetched now: FRESH
        }
        return 0;
      }
      for (int i = 0; i < rounds * 20; i++) {
        L1Cache.Lookup lookup = cache.get("u" + i % (5 * writers));
        if (lookup != null && lookup.state() == L1Cache.State.FRESH) {
          assertThat(lookup.tags()).as("tags of a fresh lookup").isSameAs(tagsOf(1, 2));
          seen++;
        }
      }
      return seen;
    });
    assertThat(fresh.stream().mapToInt(Integer::intValue).sum()).isPositive();
  }

  /** One of three tag sets of account {@code key}: none, one tag, or two tags. */
  private TagSet tagsOf(int key, int variant) {
    return switch (variant) {
      case 0 -> TagSet.EMPTY;
      case 1 -> interner.intern(List.of("t" + key));
      default -> interner.intern(List.of("t" + key, "shared"));
    };
  }

  private interface Work {
    int run(int thread) throws Exception;
  }

  private List<Integer> runOnAllThreads(Work work) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      Callable<Integer> task = () -> {
        start.await();
        return work.run(thread);
      };
      futures.add(pool.submit(task));
    }
    start.countDown();
    List<Integer> results = new ArrayList<>();
    for (Future<Integer> future : futures) {
      results.add(future.get(60, TimeUnit.SECONDS));
    }
    return results;
  }
}
