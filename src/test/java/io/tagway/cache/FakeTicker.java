package io.tagway.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that tests advance by hand; it starts far from zero, as {@code System.nanoTime} may. */
final class FakeTicker implements Ticker {

  private final AtomicLong nanos = new AtomicLong(-7_777_777_777_777L);

  @Override
  public long read() {
    return nanos.get();
  }

  void advance(Duration step) {
    nanos.addAndGet(step.toNanos());
  }
}
