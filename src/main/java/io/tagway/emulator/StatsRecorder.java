package io.tagway.emulator;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects what the emulator saw. Written on the emulator's event loop; {@link #snapshot()} may be
 * read from any thread (each counter is exact, the snapshot as a whole is not atomic while calls
 * are in flight). {@link #recordArrival} and {@link #reset()} must run on the event loop, because
 * the arrival windows are confined to it.
 */
final class StatsRecorder {

  private final Map<TagCommand, LongAdder> calls = new EnumMap<>(TagCommand.class);
  private final Map<TagCommand, SlidingWindow> arrivals = new EnumMap<>(TagCommand.class);
  private final Map<TagCommand, AtomicInteger> maxPerSecond = new EnumMap<>(TagCommand.class);
  private final LongAdder accountsRequested = new LongAdder();
  private final LongAdder duplicateAccounts = new LongAdder();
  private final Map<Integer, LongAdder> batchSizes = new ConcurrentHashMap<>();
  private final LongAdder rateLimitViolations = new LongAdder();
  private final Map<Integer, LongAdder> signatureFailures = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder delayed = new LongAdder();
  private final LongAdder internalErrors = new LongAdder();
  private final LongAdder badGateways = new LongAdder();
  private final LongAdder hangs = new LongAdder();
  private final AtomicInteger hungNow = new AtomicInteger();

  StatsRecorder() {
    for (TagCommand command : TagCommand.values()) {
      calls.put(command, new LongAdder());
      arrivals.put(command, new SlidingWindow(CallRateLimiter.SECOND_NANOS));
      maxPerSecond.put(command, new AtomicInteger());
    }
  }

  /** Counts a call of {@code command} arriving at {@code now}, before any check. Event loop only. */
  void recordArrival(TagCommand command, long now) {
    calls.get(command).increment();
    SlidingWindow window = arrivals.get(command);
    int inWindow = window.countAt(now) + 1;
    window.add(now);
    maxPerSecond.get(command).accumulateAndGet(inWindow, Math::max);
  }

  /** Counts an {@code im_get_tag} batch with a well-formed body. */
  void recordBatch(List<String> accounts) {
    accountsRequested.add(accounts.size());
    Set<String> seen = new HashSet<>(accounts);
    duplicateAccounts.add(accounts.size() - seen.size());
    batchSizes.computeIfAbsent(accounts.size(), k -> new LongAdder()).increment();
  }

  /** Counts a {@code FAIL} answer. */
  void recordError(int code) {
    errors.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  /** Counts a call refused by the rate limit (its 60007 answer is counted by {@link #recordError}). */
  void recordRateLimited() {
    rateLimitViolations.increment();
  }

  /** Counts a call refused by UserSig verification. */
  void recordSignatureFailure(int code) {
    signatureFailures.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  /** Counts an answer delayed by injected latency. */
  void recordDelayed() {
    delayed.increment();
  }

  /** Counts an injected 91000. */
  void recordInternalError() {
    internalErrors.increment();
  }

  /** Counts an injected HTTP 502. */
  void recordBadGateway() {
    badGateways.increment();
  }

  /** Counts a request that starts hanging. */
  void recordHangStarted() {
    hangs.increment();
    hungNow.incrementAndGet();
  }

  /** Notes that a hung request was released (client gone or cap reached). */
  void recordHangReleased() {
    hungNow.decrementAndGet();
  }

  /** Forgets everything except the hung requests still held. Event loop only. */
  void reset() {
    calls.values().forEach(LongAdder::reset);
    arrivals.values().forEach(SlidingWindow::clear);
    maxPerSecond.values().forEach(max -> max.set(0));
    accountsRequested.reset();
    duplicateAccounts.reset();
    batchSizes.clear();
    rateLimitViolations.reset();
    signatureFailures.clear();
    errors.clear();
    delayed.reset();
    internalErrors.reset();
    badGateways.reset();
    hangs.reset();
  }

  /** A snapshot of every counter. */
  EmulatorStats snapshot() {
    Map<String, Long> callCounts = new HashMap<>();
    Map<String, Integer> maxima = new HashMap<>();
    int max = 0;
    for (TagCommand command : TagCommand.values()) {
      callCounts.put(command.wireName(), calls.get(command).sum());
      int commandMax = maxPerSecond.get(command).get();
      maxima.put(command.wireName(), commandMax);
      max = Math.max(max, commandMax);
    }
    return new EmulatorStats(
        callCounts,
        accountsRequested.sum(),
        duplicateAccounts.sum(),
        sums(batchSizes),
        max,
        maxima,
        rateLimitViolations.sum(),
        sums(signatureFailures),
        sums(errors),
        new EmulatorStats.FaultCounts(delayed.sum(), internalErrors.sum(), badGateways.sum(), hangs.sum()),
        hungNow.get());
  }

  private static Map<Integer, Long> sums(Map<Integer, LongAdder> counters) {
    Map<Integer, Long> sums = new HashMap<>();
    counters.forEach((key, adder) -> sums.put(key, adder.sum()));
    return sums;
  }
}
