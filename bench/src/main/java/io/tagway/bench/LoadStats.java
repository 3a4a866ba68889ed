package io.tagway.bench;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** What {@link LoadGen} measured; thread-safe, written from every event loop. */
final class LoadStats {

  /** Latencies in nanoseconds, 1 µs to 5 min, three significant digits. */
  private final Histogram all = new ConcurrentHistogram(1_000, 300_000_000_000L, 3);
  private final Histogram ok = new ConcurrentHistogram(1_000, 300_000_000_000L, 3);
  private final LongAdder sent = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder transportErrors = new LongAdder();
  private final LongAdder accountsRequested = new LongAdder();
  private final LongAdder accountsAnswered = new LongAdder();
  private final LongAdder accountsFailed = new LongAdder();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> codes = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong lastCompletion = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile String firstError;
  private volatile boolean frozen;

  /** A request leaves; answers its sequence number among measured requests (-1 for warm-up). */
  long started(boolean measured, int accounts) {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    if (!measured) {
      return -1;
    }
    sent.increment();
    accountsRequested.add(accounts);
    return sequence.getAndIncrement();
  }

  void finished() {
    inFlight.decrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }

  /** Ignores whatever is recorded from now on, so that the results can be read safely. */
  void freeze() {
    frozen = true;
  }

  void status(int status, long latencyNanos) {
    if (frozen) {
      return;
    }
    completed.increment();
    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    all.recordValue(Math.min(latencyNanos, all.getHighestTrackableValue()));
    if (status >= 200 && status < 300) {
      ok.recordValue(Math.min(latencyNanos, ok.getHighestTrackableValue()));
    }
    lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
  }

  void accounts(long answered, long failed) {
    if (frozen) {
      return;
    }
    accountsAnswered.add(answered);
    accountsFailed.add(failed);
  }

  void code(String code) {
    codes.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  void transportError(Throwable failure) {
    if (frozen) {
      return;
    }
    transportErrors.increment();
    if (firstError == null) {
      firstError = failure.toString();
    }
  }

  /**
   * The results. Rates are per second of the measured window; with {@code fixedWindow} (closed loop
   * for a duration) that window is the duration, otherwise it runs from its start to the last answer.
   */
  JsonObject toJson(long measureStart, long measureEnd, boolean fixedWindow) {
    long last = lastCompletion.get();
    double elapsed = fixedWindow || last == Long.MIN_VALUE
        ? (measureEnd - measureStart) / 1e9
        : Math.max(measureEnd, last) / 1e9 - measureStart / 1e9;
    JsonObject statusJson = new JsonObject();
    new TreeMap<>(statuses).forEach((status, n) -> statusJson.put(String.valueOf(status), n.sum()));
    JsonObject codeJson = new JsonObject();
    new TreeMap<>(codes).forEach((code, n) -> codeJson.put(code, n.sum()));
    return new JsonObject()
        .put("sent", sent.sum())
        .put("completed", completed.sum())
        .put("unfinished", sent.sum() - completed.sum() - transportErrors.sum())
        .put("transportErrors", transportErrors.sum())
        .put("firstError", firstError)
        .put("statuses", statusJson)
        .put("errorCodes", codeJson)
        .put("accountsRequested", accountsRequested.sum())
        .put("accountsAnswered", accountsAnswered.sum())
        .put("accountsFailed", accountsFailed.sum())
        .put("elapsedS", elapsed)
        .put("requestsPerS", completed.sum() / elapsed)
        .put("accountsPerS", accountsAnswered.sum() / elapsed)
        .put("maxInFlight", maxInFlight.get())
        .put("latencyUs", percentiles(all))
        .put("latencyOkUs", percentiles(ok));
  }

  private static JsonObject percentiles(Histogram h) {
    return new JsonObject()
        .put("count", h.getTotalCount())
        .put("mean", h.getTotalCount() == 0 ? 0 : h.getMean() / 1e3)
        .put("p50", h.getValueAtPercentile(50) / 1e3)
        .put("p90", h.getValueAtPercentile(90) / 1e3)
        .put("p99", h.getValueAtPercentile(99) / 1e3)
        .put("p999", h.getValueAtPercentile(99.9) / 1e3)
        .put("max", h.getMaxValue() / 1e3);
  }
}
