package io.tagway.bench;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The machine's own stalls, measured the way jHiccup does: one thread sleeps for a fixed interval,
 * over and over, and records by how much each wake-up came late. A thread that does nothing cannot
 * stall for reasons of its own (it allocates nothing while it measures, so its JVM never collects),
 * so what it records is what the operating system and the hypervisor do to every thread on the
 * machine, the servers' and the load generator's in S7 included. (jHiccup itself is not in the
 * package registry this project builds from.)
 *
 * <p>{@code Hiccups [--seconds 10] [--interval-us 1000]}; prints one JSON object: late wake-ups
 * over 1 and 2 ms per second, and percentiles of lateness in microseconds.
 */
public final class Hiccups {

  private Hiccups() {}

  public static void main(String[] argv) {
    Args args = new Args(argv);
    double seconds = args.doubleValue("seconds", 10);
    long intervalNanos = args.longValue("interval-us", 1000) * 1000;
    args.checkAllUsed();

    measure(intervalNanos, 0.5, new Histogram(60_000_000_000L, 3)); // so that the loop runs compiled
    Histogram lateness = new Histogram(60_000_000_000L, 3);
    double measured = measure(intervalNanos, seconds, lateness);
    JsonObject result = new JsonObject()
        .put("seconds", measured)
        .put("intervalUs", intervalNanos / 1000)
        .put("samples", lateness.getTotalCount())
        .put("over1msPerS", over(lateness, 1_000_000) / measured)
        .put("over2msPerS", over(lateness, 2_000_000) / measured)
        .put("latenessUs", new JsonObject()
            .put("p50", lateness.getValueAtPercentile(50) / 1000.0)
            .put("p99", lateness.getValueAtPercentile(99) / 1000.0)
            .put("p999", lateness.getValueAtPercentile(99.9) / 1000.0)
            .put("max", lateness.getMaxValue() / 1000.0));
    System.out.println(result.encode());
  }

  /** Sleeps and records lateness in nanoseconds for about {@code seconds}; returns the seconds it took. */
  private static double measure(long intervalNanos, double seconds, Histogram into) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long before = start;
    while (before - end < 0) {
      LockSupport.parkNanos(intervalNanos);
      long after = System.nanoTime();
      into.recordValue(Math.max(0, after - before - intervalNanos));
      before = after;
    }
    return (before - start) / 1e9;
  }

  private static long over(Histogram lateness, long nanos) {
    return lateness.getTotalCount() - lateness.getCountBetweenValues(0, nanos);
  }
}
