package io.tagway.cache;

import java.util.List;
import java.util.Objects;

/**
 * One account's tags as cached in L2.
 *
 * @param tags the tags, in upstream order; empty means the account has none (a negative entry)
 * @param fetchedAtMillis epoch millis of the upstream fetch, so staleness survives a trip through Redis
 */
public record L2Entry(List<String> tags, long fetchedAtMillis) {

  /** Copies the tags into an immutable list; rejects null tags and a negative time. */
  public L2Entry {
    tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
    if (fetchedAtMillis < 0) {
      throw new IllegalArgumentException("fetchedAtMillis must not be negative, got " + fetchedAtMillis);
    }
  }

  /** True for an account that has no tags. */
  public boolean negative() {
    return tags.isEmpty();
  }
}
