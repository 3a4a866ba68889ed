package io.tagway.lookup;

import io.tagway.batch.CoalescerListener;
import io.tagway.batch.CoalescerOptions;
import io.tagway.batch.MissCoalescer;
import io.tagway.cache.L1Cache;
import io.tagway.cache.L1Options;
import io.tagway.cache.L2Cache;
import io.tagway.cache.L2Options;
import io.tagway.cache.TagSetInterner;
import io.tagway.config.CacheConfig;
import io.tagway.config.LookupConfig;
import io.tagway.config.TagwayConfig;
import io.tagway.ratelimit.RateLimiter;
import io.tagway.ratelimit.PacedRateLimiter;
import io.tagway.upstream.TimClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/**
 * The lookup engine's parts, built once per process from the configuration and shared by every
 * event loop: L1, L2 (when Redis is configured), the rate limiter, the coalescer and the service.
 *
 * @param service the lookups
 * @param invalidator the invalidations
 * @param l1 the in-process cache, or null when off
 * @param l2 the Redis cache, or null when off
 * @param limiter the upstream rate limiter
 */
public record LookupEngine(LookupService service, Invalidator invalidator, L1Cache l1, L2Cache l2,
    RateLimiter limiter) {

  /** Most accounts whose recent invalidation is remembered. */
  private static final long FENCE_ACCOUNTS = 1_000_000;

  /** Builds the engine; the coalescer's state lives on {@code coalescerContext}. */
  public static LookupEngine create(Vertx vertx, Context coalescerContext, TagwayConfig config, TimClient client,
      CoalescerListener coalescerListener, LookupListener lookupListener) {
    CacheConfig cache = config.cache();
    LookupConfig lookup = config.lookup();
    L1Cache l1 = cache.l1MaxSize() == 0 ? null : new L1Cache(new L1Options(
        cache.l1MaxSize(), cache.ttl(), cache.negativeTtl(), cache.refreshAge(), cache.staleGrace(), cache.jitter()));
    L2Cache l2 = config.redis().url()
        .map(url -> L2Cache.create(vertx, url.reveal(), new L2Options(config.upstream().sdkAppId(), cache.ttl(),
            cache.negativeTtl(), cache.jitter(), cache.l2MaxBatch(), cache.l2Tick(), L2Options.DEFAULT_COMMAND_TIMEOUT)))
        .orElse(null);
    RateLimiter limiter = new PacedRateLimiter(config.upstream().rateLimit(), lookup.rateLimitMargin(),
        config.upstream().timeout().plusSeconds(1), System::nanoTime);
    TagSetInterner interner = new TagSetInterner();
    CoalescerOptions options = new CoalescerOptions(lookup.window(), TimClient.MAX_ACCOUNTS, lookup.maxPending(),
        lookup.maxBackground(), lookup.maxRetries(), lookup.retryBackoff());
    Sequencer sequencer = Sequencer.fromClock();
    InvalidationFence fence = new InvalidationFence(fenceHorizon(config), FENCE_ACCOUNTS);
    MissCoalescer<Fetched> coalescer = new MissCoalescer<>(coalescerContext, options, limiter,
        new UpstreamLoader(client, interner, l1, l2, sequencer, fence, Clock.systemUTC()), System::nanoTime,
        coalescerListener);
    LookupService service = new LookupService(l1, l2, interner, coalescer, sequencer, fence, cache.refreshAge(),
        lookupListener, Clock.systemUTC());
    return new LookupEngine(service, new Invalidator(sequencer, fence, l1, l2), l1, l2, limiter);
  }

  /**
   * How long an invalidation is remembered: longer than any fetch or L2 read can stay under way,
   * which is bounded by the lookup timeout (a background refresh: 30 s) and the upstream retries.
   */
  static Duration fenceHorizon(TagwayConfig config) {
    LookupConfig lookup = config.lookup();
    Duration calls = config.upstream().timeout()
        .plus(lookup.retryBackoff().multipliedBy(1L << Math.min(lookup.maxRetries(), 10)))
        .multipliedBy(lookup.maxRetries() + 1L);
    Duration longest = calls.plus(lookup.timeout()).plusSeconds(30);
    return longest.compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofMinutes(5) : longest;
  }

  /** Closes the Redis connections. */
  public Future<Void> close() {
    return l2 == null ? Future.succeededFuture() : l2.close();
  }
}
