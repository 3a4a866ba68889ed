package io.tagway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tagway.batch.CoalescerListener;
import io.tagway.batch.MissFailure;
import io.tagway.cache.L1Cache;
import io.tagway.cache.L2Cache;
import io.tagway.health.Readiness;
import io.tagway.lookup.LookupEngine;
import io.tagway.lookup.LookupListener;
import io.tagway.lookup.LookupService;
import io.tagway.lookup.Tier;
import io.tagway.upstream.TimException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tagway's own meters: what the lookup engine and the coalescer report, and gauges over the
 * caches, the coalescer queue, Redis and readiness. Thread-safe.
 *
 * <p>Every label value comes from a small fixed set (tiers, reasons, outcomes) or from Tencent's
 * numeric error codes, of which at most {@value #MAX_CODES} distinct ones get their own series.
 * Nothing here reads a message, a URL, an account or a configuration value, so no secret and no
 * unbounded value can reach a metric.
 *
 * <p>The meters of the hot path (lookups served from L1) are registered once, up front: reporting
 * one is an array index and an add.
 */
public final class TagwayMetrics implements LookupListener, CoalescerListener {

  /** Upper bounds of the {@code tagway_upstream_batch_size} buckets: full batches are 100. */
  static final double[] BATCH_SIZE_BUCKETS = {1, 10, 25, 50, 75, 90, 95, 99, 100};
  /** Most distinct (outcome, code) series of {@code tagway_upstream_calls_total}; others go to code="other". */
  static final int MAX_CODES = 64;

  private static final Duration[] CALL_SECONDS_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
  private static final String OK = "ok";

  private final MeterRegistry registry;
  private final Counter[] served = new Counter[Tier.values().length];
  private final Counter failed;
  private final Counter[] failedByReason = new Counter[MissFailure.Reason.values().length];
  private final Counter[] rejectedByReason = new Counter[MissFailure.Reason.values().length];
  private final DistributionSummary batchSize;
  private final Counter retries;
  private final Counter callsOk;
  private final Timer callSecondsOk;
  private final Map<String, Counter> failedCalls = new ConcurrentHashMap<>();
  private final Counter rateLimitWaits;
  private final Counter rateLimitWaitSeconds;

  /** Registers the meters in {@code registry}. */
  public TagwayMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Tier tier : Tier.values()) {
      served[tier.ordinal()] = lookups(label(tier));
    }
    failed = lookups("error");
    for (MissFailure.Reason reason : MissFailure.Reason.values()) {
      failedByReason[reason.ordinal()] = Counter.builder("tagway.lookup.errors")
          .description("Accounts a lookup could not answer, by reason")
          .tag("reason", label(reason))
          .register(registry);
    }
    // Admission turns accounts away only for these two reasons.
    rejected(MissFailure.Reason.QUEUE_FULL);
    rejected(MissFailure.Reason.DEADLINE_UNMEETABLE);
    batchSize = DistributionSummary.builder("tagway.upstream.batch.size")
        .description("Accounts per upstream call, retries included")
        .serviceLevelObjectives(BATCH_SIZE_BUCKETS)
        .register(registry);
    retries = Counter.builder("tagway.upstream.retries")
        .description("Upstream calls that retried a failed batch")
        .register(registry);
    callsOk = calls(OK, "0");
    callSecondsOk = callSeconds(OK);
    rateLimitWaits = Counter.builder("tagway.ratelimit.waits")
        .description("Times a ready batch had to wait for the upstream rate limiter")
        .register(registry);
    rateLimitWaitSeconds = Counter.builder("tagway.ratelimit.wait")
        .description("Total time ready batches were told to wait for the upstream rate limiter")
        .baseUnit("seconds")
        .register(registry);
  }

  /**
   * Adds the gauges over the engine's parts and the instance's readiness; the L1 and Redis meters
   * only when that level is on.
   */
  public void watch(LookupEngine engine, Readiness readiness) {
    Gauge.builder("tagway.ready", readiness, r -> r.ready() ? 1 : 0)
        .description("1 when /health/ready answers 200, otherwise 0")
        .strongReference(true)
        .register(registry);
    Gauge.builder("tagway.coalescer.queue.depth", engine.service(), LookupService::queueDepth)
        .description("Accounts waiting for an upstream call (not counting those in flight)")
        .strongReference(true)
        .register(registry);
    L1Cache l1 = engine.l1();
    if (l1 != null) {
      Gauge.builder("tagway.l1.size", l1, L1Cache::estimatedSize)
          .description("Accounts in the in-process cache (estimate)")
          .strongReference(true)
          .register(registry);
    }
    L2Cache l2 = engine.l2();
    if (l2 != null) {
      Gauge.builder("tagway.redis.up", l2, l -> l.healthy() ? 1 : 0)
          .description("1 when the latest Redis command succeeded, otherwise 0")
          .strongReference(true)
          .register(registry);
      FunctionCounter.builder("tagway.redis.errors", l2, L2Cache::errors)
          .description("Redis commands that failed or timed out; lookups treated them as misses")
          .register(registry);
      FunctionCounter.builder("tagway.redis.corrupt.values", l2, L2Cache::corruptValues)
          .description("Redis values that could not be decoded and were treated as misses")
          .register(registry);
      FunctionCounter.builder("tagway.redis.rejected.reads", l2, L2Cache::rejectedReads)
          .description("Redis reads refused because too many were queued; treated as misses")
          .register(registry);
      Gauge.builder("tagway.ratelimit.global", engine, e -> e.limiterDegraded() ? 0 : 1)
          .description("1 while the upstream rate limit is shared through Redis, 0 while this instance limits itself to its fallback share")
          .strongReference(true)
          .register(registry);
      Gauge.builder("tagway.invalidation.bus.subscribed", engine, e -> e.bus().subscribed() ? 1 : 0)
          .description("1 while this instance receives the invalidations of the others")
          .strongReference(true)
          .register(registry);
    }
  }

  @Override
  public void served(Tier tier, int count) {
    served[tier.ordinal()].increment(count);
  }

  @Override
  public void failed(MissFailure.Reason reason, int count) {
    failed.increment(count);
    failedByReason[reason.ordinal()].increment(count);
  }

  @Override
  public void batchSent(int accounts, int attempt) {
    batchSize.record(accounts);
    if (attempt > 0) {
      retries.increment();
    }
  }

  @Override
  public void batchSucceeded(int accounts, long nanos) {
    callsOk.increment();
    callSecondsOk.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void batchFailed(TimException failure, long nanos) {
    String outcome = label(failure.kind());
    String key = outcome + ' ' + code(failure);
    Counter counter = failedCalls.get(key);
    if (counter == null) {
      // Failures are few (at most one per upstream call), so registering on first sight is cheap.
      String code = failedCalls.size() < MAX_CODES ? code(failure) : "other";
      counter = failedCalls.computeIfAbsent(outcome + ' ' + code, k -> calls(outcome, code));
    }
    counter.increment();
    callSeconds(outcome).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void rejected(MissFailure.Reason reason, int accounts) {
    Counter counter = rejectedByReason[reason.ordinal()];
    (counter != null ? counter : rejected(reason)).increment(accounts);
  }

  @Override
  public void rateLimited(long waitNanos) {
    rateLimitWaits.increment();
    rateLimitWaitSeconds.increment(waitNanos / 1e9);
  }

  private Counter lookups(String tier) {
    return Counter.builder("tagway.lookups")
        .description("Accounts looked up, by where the answer came from (error: not answered)")
        .tag("tier", tier)
        .register(registry);
  }

  private Counter rejected(MissFailure.Reason reason) {
    Counter counter = Counter.builder("tagway.coalescer.rejected")
        .description("Accounts the coalescer turned away at admission (interactive and background), by reason")
        .tag("reason", label(reason))
        .register(registry);
    rejectedByReason[reason.ordinal()] = counter;
    return counter;
  }

  private Counter calls(String outcome, String code) {
    return Counter.builder("tagway.upstream.calls")
        .description("Upstream calls by outcome and Tencent error code (http_NNN: HTTP status, none: no answer)")
        .tag("outcome", outcome)
        .tag("code", code)
        .register(registry);
  }

  private Timer callSeconds(String outcome) {
    return Timer.builder("tagway.upstream.call")
        .description("Duration of upstream calls, by outcome")
        .tag("outcome", outcome)
        .serviceLevelObjectives(CALL_SECONDS_BUCKETS)
        .register(registry);
  }

  /** Tencent's code; without one, the HTTP status of a non-200 answer; otherwise "none". */
  private static String code(TimException failure) {
    if (failure.code() != TimException.NO_CODE) {
      return Integer.toString(failure.code());
    }
    int status = failure.httpStatus();
    return status != 0 && status != 200 ? "http_" + status : "none";
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
