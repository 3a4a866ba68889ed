package io.tagway.emulator;

import java.util.EnumMap;
import java.util.Map;

/**
 * Tencent's frequency limit, exactly: per command, a call is admitted when fewer than {@code limit}
 * calls were admitted in the sliding window of one second ending at its arrival (see {@link
 * SlidingWindow} for the boundary). Rejected calls do not count against later ones. The emulator
 * serves one app, so per command is per app per command.
 *
 * <p>Not thread-safe: confined to the emulator's event loop.
 */
final class CallRateLimiter {

  /** One second in nanoseconds. */
  static final long SECOND_NANOS = 1_000_000_000L;

  private final int limit;
  private final Map<TagCommand, SlidingWindow> admitted = new EnumMap<>(TagCommand.class);

  /** A limiter admitting {@code limit} calls per command over any sliding second. */
  CallRateLimiter(int limit) {
    this.limit = limit;
    for (TagCommand command : TagCommand.values()) {
      admitted.put(command, new SlidingWindow(SECOND_NANOS));
    }
  }

  /** Admits and records a call of {@code command} arriving at {@code now}, or refuses it. */
  boolean tryAdmit(TagCommand command, long now) {
    SlidingWindow window = admitted.get(command);
    if (window.countAt(now) >= limit) {
      return false;
    }
    window.add(now);
    return true;
  }
}
