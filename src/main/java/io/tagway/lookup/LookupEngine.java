package io.tagway.lookup;

import io.tagway.batch.CoalescerListener;
import io.tagway.batch.CoalescerOptions;
import io.tagway.batch.MissCoalescer;
import io.tagway.cache.L1Cache;
import io.tagway.cache.L1Options;
import io.tagway.cache.L2Cache;
import io.tagway.cache.L2Options;
import io.tagway.cache.TagSetInterner;
import io.tagway.cluster.InvalidationBus;
import io.tagway.config.CacheConfig;
import io.tagway.config.LookupConfig;
import io.tagway.config.RedisConfig;
import io.tagway.config.TagwayConfig;
import io.tagway.ratelimit.FallbackRateLimiter;
import io.tagway.ratelimit.PacedRateLimiter;
import io.tagway.ratelimit.RateLimiter;
import io.tagway.ratelimit.RedisRateLimiter;
import io.tagway.redis.RedisConnector;
import io.tagway.upstream.TimClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;

/**
 * The lookup engine's parts, built once per process from the configuration and shared by every
 * event loop: L1, and with Redis: L2, the global rate limiter, the shared sequence and the
 * invalidation bus; then the coalescer, the service and the invalidator.
 *
 * @param service the lookups
 * @param invalidator the invalidations
 * @param l1 the in-process cache, or null when off
 * @param l2 the Redis cache, or null when off
 * @param limiter the upstream rate limiter
 * @param bus the invalidation bus, or null without Redis
 * @param redis the shared Redis client, or null without Redis
 */
public record LookupEngine(LookupService service, Invalidator invalidator, L1Cache l1, L2Cache l2,
    RateLimiter limiter, InvalidationBus bus, Redis redis) {

  /** Most accounts whose recent invalidation is remembered. */
  private static final long FENCE_ACCOUNTS = 1_000_000;

  /**
   * Builds the engine. The coalescer's and the bus's state live on {@code engineContext}; call
   * {@link #start()} before serving.
   */
  public static LookupEngine create(Vertx vertx, Context engineContext, TagwayConfig config, TimClient client,
      CoalescerListener coalescerListener, LookupListener lookupListener) {
    CacheConfig cache = config.cache();
    LookupConfig lookup = config.lookup();
    RedisConfig redisConfig = config.redis();
    long app = config.upstream().sdkAppId();
    int rate = config.upstream().rateLimit();
    Duration maxCall = config.upstream().timeout().plusSeconds(1);
    L1Cache l1 = cache.l1MaxSize() == 0 ? null : new L1Cache(new L1Options(
        cache.l1MaxSize(), cache.ttl(), cache.negativeTtl(), cache.refreshAge(), cache.staleGrace(), cache.jitter()));
    Sequencer sequencer = Sequencer.fromClock();
    InvalidationFence fence = new InvalidationFence(fenceHorizon(config), FENCE_ACCOUNTS);

    Redis redis = null;
    L2Cache l2 = null;
    RateLimiter limiter = new PacedRateLimiter(rate, lookup.rateLimitMargin(), maxCall, System::nanoTime);
    GlobalSequence global = GlobalSequence.local(sequencer);
    RedisConnector connector = null;
    if (redisConfig.enabled()) {
      connector = new RedisConnector(vertx, redisConfig);
      redis = connector.client();
      l2 = new L2Cache(vertx, redis, new L2Options(app, cache.ttl(), cache.negativeTtl(), cache.jitter(),
          cache.l2MaxBatch(), cache.l2Tick(), redisConfig.timeout()));
      int share = Math.max(1, (int) Math.floor(rate * redisConfig.fallbackShare()));
      limiter = new FallbackRateLimiter(
          new RedisRateLimiter(redis, app, rate, lookup.rateLimitMargin(), maxCall, redisConfig.timeout()),
          new PacedRateLimiter(share, lookup.rateLimitMargin(), maxCall, System::nanoTime),
          Duration.ofSeconds(1).plus(lookup.rateLimitMargin()), System::nanoTime);
      global = new RedisSequence(redis, app, sequencer, redisConfig.timeout());
    }

    TagSetInterner interner = new TagSetInterner();
    CoalescerOptions options = new CoalescerOptions(lookup.window(), TimClient.MAX_ACCOUNTS, lookup.maxPending(),
        lookup.maxBackground(), lookup.maxRetries(), lookup.retryBackoff());
    MissCoalescer<Fetched> coalescer = new MissCoalescer<>(engineContext, options, limiter,
        new UpstreamLoader(client, interner, l1, l2, global, fence, Clock.systemUTC()), System::nanoTime,
        coalescerListener);
    LookupService service = new LookupService(l1, l2, interner, coalescer, sequencer, fence, cache.refreshAge(),
        lookupListener, Clock.systemUTC());
    Invalidator invalidator = new Invalidator(global, sequencer, fence, l1, l2);
    InvalidationBus bus = null;
    if (connector != null) {
      bus = new InvalidationBus(engineContext, connector.pubSubClient(), connector::subscriberConnection, app, invalidator,
          redisConfig.ackTimeout(), redisConfig.timeout());
      invalidator.connect(bus);
    }
    return new LookupEngine(service, invalidator, l1, l2, limiter, bus, redis);
  }

  /** Subscribes to the invalidations of the other instances (in the background while Redis is down). */
  public Future<Void> start() {
    return bus == null ? Future.succeededFuture() : bus.start();
  }

  /** True while the rate limit is applied locally because Redis cannot be reached. */
  public boolean limiterDegraded() {
    return limiter instanceof FallbackRateLimiter fallback && fallback.degraded();
  }

  /** Redis answered a health check: the rate limit goes back to the global one. */
  public void redisAnswered() {
    if (limiter instanceof FallbackRateLimiter fallback) {
      fallback.redisAnswered();
    }
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

  /** Unsubscribes and closes the Redis connections. */
  public Future<Void> close() {
    Future<Void> unsubscribed = bus == null ? Future.succeededFuture() : bus.close();
    return unsubscribed.eventually(() -> redis == null ? Future.succeededFuture() : redis.close());
  }
}
