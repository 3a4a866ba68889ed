package io.tagway.lookup;

import io.tagway.batch.CoalescerListener;
import io.tagway.batch.CoalescerOptions;
import io.tagway.batch.MissCoalescer;
import io.tagway.batch.Priority;
import io.tagway.cache.L1Cache;
import io.tagway.cache.L1Options;
import io.tagway.cache.L2Cache;
import io.tagway.cache.L2Options;
import io.tagway.cache.TagSetInterner;
import io.tagway.emulator.EmulatorOptions;
import io.tagway.emulator.TencentImEmulator;
import io.tagway.ratelimit.PacedRateLimiter;
import io.tagway.upstream.AdminUserSig;
import io.tagway.upstream.TimClient;
import io.tagway.upstream.TimClientOptions;
import io.tagway.upstream.UserSigSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lookup engine wired by hand for tests: the real emulator over HTTP, a real Redis when given,
 * and an L1 on a hand-moved ticker, so tests can age entries without sleeping.
 */
final class LookupFixture implements AutoCloseable {

  static final String KEY = EmulatorOptions.DEMO_SECRET_KEY;
  static final long APP = EmulatorOptions.DEFAULT_SDK_APP_ID;

  final Vertx vertx = Vertx.vertx();
  final AtomicLong ticker = new AtomicLong(1_000_000_000_000L);
  final TencentImEmulator emulator;
  final TimClient client;
  final TagSetInterner interner = new TagSetInterner();
  final L1Cache l1;
  final L2Cache l2;
  final LookupService service;
  final Invalidator invalidator;
  final Sequencer sequencer = Sequencer.fromClock();
  final InvalidationFence fence = new InvalidationFence(Duration.ofMinutes(5), 100_000);
  final L1Options l1Options;

  LookupFixture(String redisUrl, CoalescerOptions coalescerOptions, L1Options l1Options, Duration upstreamTimeout) {
    this.l1Options = l1Options;
    this.emulator = await(TencentImEmulator.start(vertx, EmulatorOptions.builder().port(0).users(100_000).build()));
    AdminUserSig userSig = new AdminUserSig(new UserSigSigner(KEY), APP, EmulatorOptions.DEFAULT_ADMIN,
        Duration.ofDays(1), Clock.systemUTC());
    this.client = new TimClient(vertx,
        TimClientOptions.of(URI.create(emulator.baseUrl()), APP, EmulatorOptions.DEFAULT_ADMIN, upstreamTimeout), userSig);
    this.l1 = new L1Cache(l1Options, ticker::get);
    this.l2 = redisUrl == null ? null : L2Cache.create(vertx, redisUrl,
        L2Options.of(APP, l1Options.ttl(), l1Options.negativeTtl()).withCommandTimeout(Duration.ofMillis(500)));
    MissCoalescer<Fetched> coalescer = new MissCoalescer<>(vertx.getOrCreateContext(), coalescerOptions,
        new PacedRateLimiter(100, Duration.ofMillis(10), upstreamTimeout.plusSeconds(1), System::nanoTime),
        new UpstreamLoader(client, interner, l1, l2, GlobalSequence.local(sequencer), fence, Clock.systemUTC()), System::nanoTime,
        CoalescerListener.NONE);
    this.service = new LookupService(l1, l2, interner, coalescer, sequencer, fence, l1Options.refreshAge(),
        LookupListener.NONE, Clock.systemUTC());
    this.invalidator = new Invalidator(GlobalSequence.local(sequencer), sequencer, fence, l1, l2);
  }

  static L1Options l1(Duration ttl, Duration refreshAge, Duration staleGrace) {
    return new L1Options(100_000, ttl, Duration.ofMinutes(1), refreshAge, staleGrace, 0);
  }

  static CoalescerOptions window(Duration window) {
    return new CoalescerOptions(window, 100, 50_000, 10_000, 2, Duration.ofMillis(20));
  }

  /** Looks up and waits for the answer. */
  LookupResult lookup(List<String> accounts) {
    return await(service.lookup(accounts, System.nanoTime() + Duration.ofSeconds(20).toNanos(), Priority.INTERACTIVE));
  }

  /** Moves the L1 ticker forward. */
  void advance(Duration d) {
    ticker.addAndGet(d.toNanos());
  }

  long upstreamCalls() {
    return emulator.stats().callsByCommand().getOrDefault("im_get_tag", 0L);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  @Override
  public void close() {
    if (l2 != null) {
      await(l2.close());
    }
    client.close();
    await(emulator.close());
    await(vertx.close());
  }
}
