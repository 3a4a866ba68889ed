package io.tagway.lookup;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues increasing sequence numbers to upstream fetches, L2 reads and invalidations, so that the
 * fence can tell which happened first. Starts from the wall clock in microseconds, so numbers keep
 * growing across restarts and stay below 2^53 (exact in Redis's Lua numbers). Thread-safe.
 */
public final class Sequencer {

  private final AtomicLong last;

  /** A sequencer starting after {@code startMicros}. */
  public Sequencer(long startMicros) {
    this.last = new AtomicLong(startMicros);
  }

  /** A sequencer starting from now. */
  public static Sequencer fromClock() {
    return new Sequencer(System.currentTimeMillis() * 1000);
  }

  /** The next number. */
  public long next() {
    return last.incrementAndGet();
  }
}
