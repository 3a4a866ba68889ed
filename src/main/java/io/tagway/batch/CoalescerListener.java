package io.tagway.batch;

import io.tagway.upstream.TimException;

/** What the coalescer reports for metrics and readiness; every method is optional. */
public interface CoalescerListener {

  /** Reports nothing. */
  CoalescerListener NONE = new CoalescerListener() {};

  /** A batch left for the upstream; {@code attempt} is 0 for the first try. */
  default void batchSent(int accounts, int attempt) {}

  /** A batch came back with values, after {@code nanos}. */
  default void batchSucceeded(int accounts, long nanos) {}

  /** An attempt failed, after {@code nanos}. */
  default void batchFailed(TimException failure, long nanos) {}

  /** The upstream refused our configuration; the instance should report not ready. */
  default void fatalConfiguration(TimException failure) {}

  /** Accounts were turned away at admission. */
  default void rejected(MissFailure.Reason reason, int accounts) {}

  /** A ready batch waited for the rate limiter. */
  default void rateLimited(long waitNanos) {}
}
