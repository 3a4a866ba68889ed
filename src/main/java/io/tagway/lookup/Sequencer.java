package io.tagway.lookup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues increasing sequence numbers to upstream fetches, L2 reads and invalidations, so that the
 * fence can tell which happened first. Numbers never fall behind the wall clock in microseconds,
 * so they keep growing across restarts, stay comparable with {@link RedisSequence}'s while Redis
 * is away, and stay below 2^53 (exact in Redis's Lua numbers). Thread-safe.
 */
public final class Sequencer {

  private final AtomicLong last;
  private final boolean followClock;

  /** A sequencer counting from {@code start}, not following the clock (for tests). */
  public Sequencer(long start) {
    this(start, false);
  }

  private Sequencer(long start, boolean followClock) {
    this.last = new AtomicLong(start);
    this.followClock = followClock;
  }

  /** A sequencer starting from now. */
  public static Sequencer fromClock() {
    return new Sequencer(System.currentTimeMillis() * 1000, true);
  }

  /** The next number. */
  public long next() {
    if (!followClock) {
      return last.incrementAndGet();
    }
    long clock = System.currentTimeMillis() * 1000;
    return last.accumulateAndGet(clock, (previous, now) -> Math.max(previous + 1, now));
  }
}
