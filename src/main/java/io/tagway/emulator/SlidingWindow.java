package io.tagway.emulator;

import java.util.Arrays;

/**
 * The timestamps of events in the last window: a growable ring of {@code long} nanosecond
 * timestamps, oldest first.
 *
 * <p>The window ending at {@code now} holds the events at times {@code t} with {@code now - t <
 * windowNanos}: with a one-second window, an event at {@code t} still counts at {@code t + 999 ms}
 * and no longer counts at {@code t + 1000 ms}. Timestamps must be added in non-decreasing order.
 *
 * <p>Not thread-safe: confined to the emulator's event loop.
 */
final class SlidingWindow {

  private final long windowNanos;
  private long[] ring = new long[128];
  private int head;
  private int size;

  /** A window of {@code windowNanos} nanoseconds. */
  SlidingWindow(long windowNanos) {
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("windowNanos must be positive");
    }
    this.windowNanos = windowNanos;
  }

  /** Drops the events that fell out of the window ending at {@code now}; returns how many remain. */
  int countAt(long now) {
    while (size > 0 && now - ring[head] >= windowNanos) {
      head = (head + 1) % ring.length;
      size--;
    }
    return size;
  }

  /** Records an event at {@code now} (after {@link #countAt} for the same {@code now}). */
  void add(long now) {
    if (size == ring.length) {
      grow();
    }
    ring[(head + size) % ring.length] = now;
    size++;
  }

  /** Forgets every event. */
  void clear() {
    head = 0;
    size = 0;
  }

  private void grow() {
    // Full ring: the oldest run is [head, length) then [0, head). Doubling and copying [0, head)
    // behind the old end keeps the events contiguous from head on.
    long[] bigger = Arrays.copyOf(ring, ring.length * 2);
    System.arraycopy(ring, 0, bigger, ring.length, head);
    ring = bigger;
  }
}
