package io.tagway.lookup;

import io.tagway.batch.MissFailure;

/** What the lookup engine reports for metrics; every method is optional. */
public interface LookupListener {

  /** Reports nothing. */
  LookupListener NONE = new LookupListener() {};

  /** {@code count} accounts were answered from {@code tier}. */
  default void served(Tier tier, int count) {}

  /** {@code count} accounts failed for {@code reason}. */
  default void failed(MissFailure.Reason reason, int count) {}
}
