package io.tagway.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How the L2 (Redis) cache stores and reads entries.
 *
 * @param sdkAppId the app whose accounts are cached; every key is scoped by it
 * @param ttl how long an entry with tags lives in Redis
 * @param negativeTtl how long an entry for an account with no tags lives
 * @param jitter 0 to 0.5: each TTL is shortened by a random fraction up to this, so entries filled
 *     together do not expire together
 * @param maxBatch most keys in one {@code MGET}, {@code DEL} or pipelined batch of {@code SET}s
 * @param tick how long a read waits for others to be merged into the same {@code MGET}; 0 (the
 *     default) sends a read at once when no {@code MGET} is in flight, and merges the reads that
 *     arrive while one is
 * @param commandTimeout how long one Redis round trip may take before it counts as failed
 */
public record L2Options(
    long sdkAppId, Duration ttl, Duration negativeTtl, double jitter, int maxBatch, Duration tick,
    Duration commandTimeout) {

  /** Default most keys in one command. */
  public static final int DEFAULT_MAX_BATCH = 500;
  /** Default merge window of reads. */
  public static final Duration DEFAULT_TICK = Duration.ZERO;
  /** Default time limit of one Redis round trip. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);
  /** Default TTL jitter. */
  public static final double DEFAULT_JITTER = 0.1;
  /** Pending reads may hold this many times {@code maxBatch} keys before new ones miss at once. */
  public static final int PENDING_BATCHES = 10;

  /** Validates every field. */
  public L2Options {
    if (sdkAppId <= 0) {
      throw new IllegalArgumentException("sdkAppId must be positive, got " + sdkAppId);
    }
    requirePositive("ttl", ttl);
    requirePositive("negativeTtl", negativeTtl);
    if (!(jitter >= 0 && jitter <= 0.5)) {
      throw new IllegalArgumentException("jitter must be within 0..0.5, got " + jitter);
    }
    if (maxBatch < 1 || maxBatch > 100_000) {
      throw new IllegalArgumentException("maxBatch must be within 1..100000, got " + maxBatch);
    }
    Objects.requireNonNull(tick, "tick");
    if (tick.isNegative() || tick.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException("tick must be whole milliseconds, 0 or more, got " + tick);
    }
    requirePositive("commandTimeout", commandTimeout);
  }

  /** Options with the defaults: jitter 0.1, batches of 500, no tick, a 250 ms command timeout. */
  public static L2Options of(long sdkAppId, Duration ttl, Duration negativeTtl) {
    return new L2Options(sdkAppId, ttl, negativeTtl, DEFAULT_JITTER, DEFAULT_MAX_BATCH, DEFAULT_TICK,
        DEFAULT_COMMAND_TIMEOUT);
  }

  /** A copy with another jitter. */
  public L2Options withJitter(double jitter) {
    return new L2Options(sdkAppId, ttl, negativeTtl, jitter, maxBatch, tick, commandTimeout);
  }

  /** A copy with another batch size. */
  public L2Options withMaxBatch(int maxBatch) {
    return new L2Options(sdkAppId, ttl, negativeTtl, jitter, maxBatch, tick, commandTimeout);
  }

  /** A copy with another merge window. */
  public L2Options withTick(Duration tick) {
    return new L2Options(sdkAppId, ttl, negativeTtl, jitter, maxBatch, tick, commandTimeout);
  }

  /** A copy with another command timeout. */
  public L2Options withCommandTimeout(Duration commandTimeout) {
    return new L2Options(sdkAppId, ttl, negativeTtl, jitter, maxBatch, tick, commandTimeout);
  }

  /** Most keys that may wait to be read; past it a read misses at once. */
  public int maxPendingKeys() {
    return PENDING_BATCHES * maxBatch;
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero() || value.toMillis() < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 ms, got " + value);
    }
  }
}
