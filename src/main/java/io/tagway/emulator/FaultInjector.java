package io.tagway.emulator;

import java.util.SplittableRandom;

/**
 * Draws the fault and the latency of each call from the current {@link EmulatorFaults}, with a
 * random stream seeded by the emulator's seed (so a run with the same calls draws the same faults).
 *
 * <p>{@link #faults(EmulatorFaults)} may be called from any thread; drawing is confined to the
 * emulator's event loop.
 */
final class FaultInjector {

  /** What happens to a call that passed every check. */
  enum Fault {
    /** Answered normally. */
    NONE,
    /** Answered {@code FAIL} 91000. */
    INTERNAL_ERROR,
    /** Answered with HTTP 502. */
    BAD_GATEWAY,
    /** Never answered. */
    HANG
  }

  private final SplittableRandom random;
  private volatile EmulatorFaults faults;

  /** An injector starting with {@code faults}, drawing from a stream seeded with {@code seed}. */
  FaultInjector(EmulatorFaults faults, long seed) {
    this.faults = faults;
    this.random = new SplittableRandom(seed);
  }

  /** The faults in force. */
  EmulatorFaults faults() {
    return faults;
  }

  /** Replaces the faults in force; applies to calls arriving afterwards. */
  void faults(EmulatorFaults faults) {
    this.faults = faults;
  }

  /** Draws the fault for one call (see {@link EmulatorFaults} for the rule). */
  Fault drawFault(EmulatorFaults current) {
    if (current.internalErrorShare() == 0 && current.badGatewayShare() == 0 && current.hangShare() == 0) {
      return Fault.NONE;
    }
    double u = random.nextDouble();
    double bound = current.internalErrorShare();
    if (u < bound) {
      return Fault.INTERNAL_ERROR;
    }
    bound += current.badGatewayShare();
    if (u < bound) {
      return Fault.BAD_GATEWAY;
    }
    bound += current.hangShare();
    return u < bound ? Fault.HANG : Fault.NONE;
  }

  /** Draws a latency in ms, uniform in {@code [base, base + jitter]}. */
  long drawLatencyMs(EmulatorFaults current) {
    long jitter = current.latencyJitterMs();
    return current.latencyBaseMs() + (jitter == 0 ? 0 : random.nextLong(jitter + 1));
  }
}
