package io.tagway.bench.jmh;

import io.tagway.batch.CoalescerListener;
import io.tagway.batch.CoalescerOptions;
import io.tagway.batch.MissCoalescer;
import io.tagway.batch.MissResult;
import io.tagway.batch.Priority;
import io.tagway.ratelimit.Permit;
import io.tagway.ratelimit.RateLimiter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@link MissCoalescer} alone: enqueue, batch formation and completion, with a rate limiter
 * that always grants and a loader that answers at once, so nothing but the coalescer is measured.
 * The benchmark thread is not a Vert.x thread, so every call includes the hop onto the coalescer's
 * event loop, as calls from the gateway's other event loops do.
 *
 * <ul>
 *   <li>{@code missOne}: one account, window 0, wait for the answer: the round trip of a lone miss.
 *   <li>{@code missHundred}: 100 distinct accounts in one call, window 0: one full batch formed.
 *   <li>{@code coalesceSingles}: single-account calls fired without waiting (at most 10,000
 *       outstanding), default 5 ms window: the rate at which single misses are merged into batches;
 *       {@code batchedAccounts / batches} is the mean batch size it achieved.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CoalescerBenchmark {

  /** A coalescer on its own event loop, with a window of 0 or the gateway's default 5 ms. */
  public abstract static class Setting {

    Vertx vertx;
    MissCoalescer<String> coalescer;
    final AtomicLong batches = new AtomicLong();
    final AtomicLong batchedAccounts = new AtomicLong();
    long nextAccount;

    abstract Duration window();

    @Setup(Level.Trial)
    public void start() {
      vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      Context context = vertx.getOrCreateContext();
      CoalescerOptions defaults = CoalescerOptions.defaults();
      CoalescerOptions options = new CoalescerOptions(window(), defaults.maxBatch(), defaults.maxPending(),
          defaults.maxBackground(), defaults.maxRetries(), defaults.retryBackoff());
      coalescer = new MissCoalescer<>(context, options, new Unlimited(), CoalescerBenchmark::load, System::nanoTime,
          new CoalescerListener() {
            @Override
            public void batchSent(int accounts, int attempt) {
              batches.incrementAndGet();
              batchedAccounts.addAndGet(accounts);
            }
          });
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      vertx.close().await(10, TimeUnit.SECONDS);
    }

    /** Distinct accounts, never repeated, so every call is a miss of its own. */
    List<String> accounts(int n) {
      List<String> accounts = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        accounts.add("u" + nextAccount++);
      }
      return accounts;
    }
  }

  /** Window 0: a batch leaves as soon as the coalescer runs. */
  @State(Scope.Benchmark)
  public static class NoWindow extends Setting {
    @Override
    Duration window() {
      return Duration.ZERO;
    }
  }

  /** The gateway's default window. */
  @State(Scope.Benchmark)
  public static class DefaultWindow extends Setting {

    final Semaphore outstanding = new Semaphore(10_000);

    @Override
    Duration window() {
      return CoalescerOptions.defaults().window();
    }

    @TearDown(Level.Iteration)
    public void drain() throws InterruptedException {
      outstanding.acquire(10_000);
      outstanding.release(10_000);
    }
  }

  /**
   * Batches sent and accounts in them during {@code coalesceSingles}'s iterations: JMH sums events
   * over the iterations, so their ratio is the mean batch size.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class BatchSize {

    private DefaultWindow setting;
    private long batchesAtStart;
    private long accountsAtStart;
    public long batches;
    public long batchedAccounts;

    @Setup(Level.Iteration)
    public void mark(DefaultWindow setting) {
      this.setting = setting;
      batchesAtStart = setting.batches.get();
      accountsAtStart = setting.batchedAccounts.get();
      batches = 0;
      batchedAccounts = 0;
    }

    @TearDown(Level.Iteration)
    public void measure() {
      batches = setting.batches.get() - batchesAtStart;
      batchedAccounts = setting.batchedAccounts.get() - accountsAtStart;
    }
  }

  @Benchmark
  public List<MissResult<String>> missOne(NoWindow setting) {
    return setting.coalescer.resolve(setting.accounts(1), System.nanoTime() + 10_000_000_000L, Priority.INTERACTIVE)
        .toCompletionStage().toCompletableFuture().join();
  }

  @Benchmark
  public List<MissResult<String>> missHundred(NoWindow setting) {
    return setting.coalescer.resolve(setting.accounts(100), System.nanoTime() + 10_000_000_000L, Priority.INTERACTIVE)
        .toCompletionStage().toCompletableFuture().join();
  }

  @Benchmark
  public void coalesceSingles(DefaultWindow setting, BatchSize batchSize) throws InterruptedException {
    setting.outstanding.acquire();
    setting.coalescer.resolve(setting.accounts(1), System.nanoTime() + 10_000_000_000L, Priority.INTERACTIVE)
        .onComplete(ar -> setting.outstanding.release());
  }

  /** Answers every account at once with its own name. */
  private static Future<Map<String, String>> load(List<String> accounts) {
    Map<String, String> values = new HashMap<>(2 * accounts.size());
    for (String account : accounts) {
      values.put(account, account);
    }
    return Future.succeededFuture(values);
  }

  /** Grants every call. */
  private static final class Unlimited implements RateLimiter {

    private long next;

    @Override
    public Future<Permit> tryAcquire() {
      return Future.succeededFuture(Permit.granted(next++, 0, this));
    }

    @Override
    public void release(Permit permit, long endedNanosAgo) {}

    @Override
    public void pause(Duration duration) {}

    @Override
    public int limit() {
      return Integer.MAX_VALUE;
    }
  }
}
