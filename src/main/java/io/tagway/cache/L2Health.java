package io.tagway.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outcome bookkeeping of L2's Redis commands: counts failures and tracks whether the last command
 * succeeded, logging once per change between up and down rather than once per failed request.
 * Thread-safe.
 */
final class L2Health {

  private static final Logger LOG = LoggerFactory.getLogger(L2Cache.class);

  private final LongAdder errors = new LongAdder();
  private final LongAdder corruptValues = new LongAdder();
  private final LongAdder rejectedReads = new LongAdder();
  // Optimistic until the first command says otherwise, so the first failure is logged.
  private final AtomicBoolean up = new AtomicBoolean(true);

  void succeeded() {
    if (!up.get() && up.compareAndSet(false, true)) {
      LOG.info("L2 Redis reachable again; reads and writes resume");
    }
  }

  void failed(Throwable cause) {
    errors.increment();
    if (up.get() && up.compareAndSet(true, false)) {
      LOG.warn("L2 Redis unavailable, serving as if empty until it answers again: {}", describe(cause));
    }
  }

  void corruptValue() {
    corruptValues.increment();
  }

  void rejectedRead() {
    rejectedReads.increment();
  }

  boolean healthy() {
    return up.get();
  }

  long errors() {
    return errors.sum();
  }

  long corruptValues() {
    return corruptValues.sum();
  }

  long rejectedReads() {
    return rejectedReads.sum();
  }

  /** The failure's class and message, with any {@code user:password@} of a URL in it masked. */
  static String describe(Throwable cause) {
    String name = cause.getClass().getSimpleName();
    String message = cause.getMessage();
    return message == null ? name : name + ": " + message.replaceAll("//[^@/\\s]*@", "//***@");
  }
}
