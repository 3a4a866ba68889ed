package io.tagway.bench.jmh;

import io.tagway.api.AccountTagsBody;
import io.tagway.cache.L1Cache;
import io.tagway.cache.L1Options;
import io.tagway.cache.TagSetInterner;
import io.tagway.emulator.Population;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The L1 hit path of {@code GET /v1/users/{account}/tags}: the Caffeine lookup, and the lookup plus
 * the response body as the GET handler builds it ({@link AccountTagsBody}: {@code
 * {"account":..,"tags":..}} in one array, then one {@link Buffer}). One hot
 * account (as in S1) or 100,000 accounts in turn (a cache the size of a real working set).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class L1HitBenchmark {

  /** Accounts looked up in turn: 1 is S1's single hot account. */
  @Param({"1", "100000"})
  public int accounts;

  private L1Cache cache;
  private String[] keys;
  private int next;

  @Setup(Level.Trial)
  public void fill() {
    Population population = new Population(42, Math.max(accounts, 2));
    TagSetInterner interner = new TagSetInterner();
    cache = new L1Cache(new L1Options(1_000_000, Duration.ofMinutes(10), Duration.ofMinutes(1),
        Duration.ofMinutes(5), Duration.ofHours(1), 0.1));
    keys = new String[accounts];
    for (int i = 0; i < accounts; i++) {
      // S1 asks for u1; as the gateway does, each lookup key is a String of its own (from the path).
      String account = Population.account(accounts == 1 ? 1 : i);
      cache.put(account, interner.intern(population.tagsOf(account)));
      keys[i] = new String(account.toCharArray());
    }
  }

  private String nextKey() {
    String key = keys[next];
    next = next + 1 == keys.length ? 0 : next + 1;
    return key;
  }

  /** The Caffeine lookup and the freshness check of an L1 hit. */
  @Benchmark
  public L1Cache.Lookup get() {
    return cache.get(nextKey());
  }

  /** The lookup plus the response body as the GET handler writes it. */
  @Benchmark
  public Buffer getAndWriteBody() {
    String account = nextKey();
    return AccountTagsBody.of(account, cache.get(account).tags());
  }
}
