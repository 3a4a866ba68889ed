package io.tagway.batch;

import java.time.Duration;

/**
 * How misses are merged into upstream calls.
 *
 * @param window how long the oldest pending miss may wait for companions before a batch leaves
 * @param maxBatch most accounts per upstream call (Tencent's limit is 100)
 * @param maxPending most accounts waiting for a batch (interactive and background together)
 * @param maxBackground most of those that may be background refreshes
 * @param maxRetries retries of a batch after transient or throttling failures, each paying a token
 * @param retryBackoff base delay before the first retry; doubled each time, with jitter
 */
public record CoalescerOptions(
    Duration window, int maxBatch, int maxPending, int maxBackground, int maxRetries, Duration retryBackoff) {

  /** Validates. */
  public CoalescerOptions {
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must not be negative");
    }
    if (maxBatch < 1 || maxBatch > 100) {
      throw new IllegalArgumentException("maxBatch must be between 1 and 100, got " + maxBatch);
    }
    if (maxPending < maxBatch) {
      throw new IllegalArgumentException("maxPending must be at least maxBatch");
    }
    if (maxBackground < 0 || maxBackground > maxPending) {
      throw new IllegalArgumentException("maxBackground must be between 0 and maxPending");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative");
    }
  }

  /** Defaults: 5 ms window, 100 per batch, 50,000 pending, 10,000 background, 2 retries from 50 ms. */
  public static CoalescerOptions defaults() {
    return new CoalescerOptions(Duration.ofMillis(5), 100, 50_000, 10_000, 2, Duration.ofMillis(50));
  }
}
