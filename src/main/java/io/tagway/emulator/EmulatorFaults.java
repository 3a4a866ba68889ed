package io.tagway.emulator;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Faults the emulator injects into tag commands that passed every check (see {@link
 * TagCommandHandler} for the order).
 *
 * <p>Per call, one uniform draw {@code u} in [0, 1) picks at most one of: a {@code 91000} answer
 * when {@code u < internalErrorShare}; else an HTTP 502 when {@code u < internalErrorShare +
 * badGatewayShare}; else a hung connection when {@code u < internalErrorShare + badGatewayShare +
 * hangShare}; else the normal answer. So the shares must add up to at most 1. A faulted call
 * changes no tags.
 *
 * <p>Every answer (normal, 91000 or 502) is then delayed by a latency drawn uniformly from {@code
 * [latencyBaseMs, latencyBaseMs + latencyJitterMs]}. A hung connection is never answered: it is
 * held until the client closes it, or closed by the emulator after {@code hangCapMs}.
 *
 * @param latencyBaseMs smallest added latency, 0 to {@value #MAX_LATENCY_MS} ms
 * @param latencyJitterMs width of the uniform latency spread, 0 to {@value #MAX_LATENCY_MS} ms
 * @param internalErrorShare share of calls answered {@code 91000}, 0 to 1
 * @param badGatewayShare share of calls answered with HTTP 502, 0 to 1
 * @param hangShare share of calls never answered, 0 to 1
 * @param hangCapMs how long a hung connection is held at most, 1 to {@value #MAX_HANG_CAP_MS} ms
 */
public record EmulatorFaults(
    long latencyBaseMs,
    long latencyJitterMs,
    double internalErrorShare,
    double badGatewayShare,
    double hangShare,
    long hangCapMs) {

  /** Largest latency base or jitter: one minute. */
  public static final long MAX_LATENCY_MS = 60_000;
  /** Default and largest hang cap: ten minutes. */
  public static final long MAX_HANG_CAP_MS = 600_000;
  /** No faults at all. */
  public static final EmulatorFaults NONE = new EmulatorFaults(0, 0, 0, 0, 0, MAX_HANG_CAP_MS);

  private static final Set<String> FIELDS =
      Set.of("latencyBaseMs", "latencyJitterMs", "internalErrorShare", "badGatewayShare", "hangShare", "hangCapMs");

  /** Validates every range; throws {@link IllegalArgumentException} naming the field. */
  public EmulatorFaults {
    checkRange("latencyBaseMs", latencyBaseMs, 0, MAX_LATENCY_MS);
    checkRange("latencyJitterMs", latencyJitterMs, 0, MAX_LATENCY_MS);
    checkShare("internalErrorShare", internalErrorShare);
    checkShare("badGatewayShare", badGatewayShare);
    checkShare("hangShare", hangShare);
    if (internalErrorShare + badGatewayShare + hangShare > 1.0) {
      throw new IllegalArgumentException(
          "internalErrorShare + badGatewayShare + hangShare must be at most 1");
    }
    checkRange("hangCapMs", hangCapMs, 1, MAX_HANG_CAP_MS);
  }

  /** A copy with latency uniform in {@code [baseMs, baseMs + jitterMs]}. */
  public EmulatorFaults withLatency(long baseMs, long jitterMs) {
    return new EmulatorFaults(baseMs, jitterMs, internalErrorShare, badGatewayShare, hangShare, hangCapMs);
  }

  /** A copy answering {@code share} of the calls with 91000. */
  public EmulatorFaults withInternalErrorShare(double share) {
    return new EmulatorFaults(latencyBaseMs, latencyJitterMs, share, badGatewayShare, hangShare, hangCapMs);
  }

  /** A copy answering {@code share} of the calls with HTTP 502. */
  public EmulatorFaults withBadGatewayShare(double share) {
    return new EmulatorFaults(latencyBaseMs, latencyJitterMs, internalErrorShare, share, hangShare, hangCapMs);
  }

  /** A copy leaving {@code share} of the calls unanswered. */
  public EmulatorFaults withHangShare(double share) {
    return new EmulatorFaults(latencyBaseMs, latencyJitterMs, internalErrorShare, badGatewayShare, share, hangCapMs);
  }

  /** A copy holding hung connections at most {@code capMs}. */
  public EmulatorFaults withHangCapMs(long capMs) {
    return new EmulatorFaults(latencyBaseMs, latencyJitterMs, internalErrorShare, badGatewayShare, hangShare, capMs);
  }

  /** The JSON form served by {@code GET /emulator/faults}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("latencyBaseMs", latencyBaseMs)
        .put("latencyJitterMs", latencyJitterMs)
        .put("internalErrorShare", internalErrorShare)
        .put("badGatewayShare", badGatewayShare)
        .put("hangShare", hangShare)
        .put("hangCapMs", hangCapMs);
  }

  /**
   * Reads the JSON form; absent fields take their {@link #NONE} value, unknown fields and wrong
   * types are rejected with {@link IllegalArgumentException}.
   */
  public static EmulatorFaults fromJson(JsonObject json) {
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field " + name);
      }
    }
    return new EmulatorFaults(
        longField(json, "latencyBaseMs", NONE.latencyBaseMs),
        longField(json, "latencyJitterMs", NONE.latencyJitterMs),
        shareField(json, "internalErrorShare"),
        shareField(json, "badGatewayShare"),
        shareField(json, "hangShare"),
        longField(json, "hangCapMs", NONE.hangCapMs));
  }

  private static long longField(JsonObject json, String name, long absent) {
    Object value = json.getValue(name);
    if (value == null) {
      return absent;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw new IllegalArgumentException(name + " must be a whole number");
    }
    return number.longValue();
  }

  private static double shareField(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return 0.0;
    }
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(name + " must be a number");
    }
    return number.doubleValue();
  }

  private static void checkRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  private static void checkShare(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
  }
}
