package io.tagway.lookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Remembers recent invalidations, so that data fetched before one can never be cached or served
 * after it (invariant 4 of DESIGN.md, within this instance).
 *
 * <p>An invalidation of account A begins at sequence {@code s1} and completes at {@code s2}, after
 * Redis has recorded it and dropped A's data. An upstream fetch of A that began at {@code b} is
 * current only when {@code b > s1}: it started after the invalidation arrived. An L2 read of A
 * issued at {@code r} is current only when {@code r > s2}: a read issued earlier may have found
 * the data before Redis dropped it. Marks are kept for {@code horizon}, longer than any fetch or
 * read can take. Thread-safe.
 */
public final class InvalidationFence {

  private static final long PENDING = Long.MAX_VALUE;

  /** The latest invalidation of one account: begun at {@code begun}, completed at {@code completed}. */
  private record Mark(long begun, long completed) {}

  private final Cache<String, Mark> marks;
  private final Duration horizon;

  /** A fence remembering invalidations for {@code horizon}, of at most {@code maxAccounts} accounts. */
  public InvalidationFence(Duration horizon, long maxAccounts) {
    this.horizon = horizon;
    this.marks = Caffeine.newBuilder().expireAfterWrite(horizon).maximumSize(maxAccounts).build();
  }

  /** How long marks are kept. */
  public Duration horizon() {
    return horizon;
  }

  /** An invalidation of {@code account} begins at {@code sequence}. */
  public void begin(String account, long sequence) {
    marks.asMap().merge(account, new Mark(sequence, PENDING),
        (old, fresh) -> old.begun() > fresh.begun() ? old : fresh);
  }

  /** The invalidation begun at {@code begun} completed at {@code completed}, unless a later one began. */
  public void complete(String account, long begun, long completed) {
    marks.asMap().computeIfPresent(account, (key, mark) -> mark.begun() == begun ? new Mark(begun, completed) : mark);
  }

  /** True when a fetch of {@code account} that began at {@code fetchSequence} may be cached and served. */
  public boolean fetchCurrent(String account, long fetchSequence) {
    Mark mark = marks.getIfPresent(account);
    return mark == null || fetchSequence > mark.begun();
  }

  /** True when an L2 read of {@code account} issued at {@code readSequence} may be cached and served. */
  public boolean readCurrent(String account, long readSequence) {
    Mark mark = marks.getIfPresent(account);
    return mark == null || (mark.completed() != PENDING && readSequence > mark.completed());
  }
}
