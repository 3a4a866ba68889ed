package io.tagway.lookup;

import io.tagway.cache.L1Cache;
import io.tagway.cache.L2Cache;
import io.vertx.core.Future;
import java.util.List;

/**
 * Invalidates accounts: from then on no tags of theirs fetched before are cached or served by this
 * instance, and Redis refuses to store them. The future completes once Redis has recorded the
 * invalidation, and fails (for the caller to answer 503) when it could not.
 */
public final class Invalidator {

  private final Sequencer sequencer;
  private final InvalidationFence fence;
  private final L1Cache l1;
  private final L2Cache l2;

  /** {@code l1} or {@code l2} may be null when that level is off. */
  public Invalidator(Sequencer sequencer, InvalidationFence fence, L1Cache l1, L2Cache l2) {
    this.sequencer = sequencer;
    this.fence = fence;
    this.l1 = l1;
    this.l2 = l2;
  }

  /** Invalidates distinct, valid accounts. */
  public Future<Void> invalidate(List<String> accounts) {
    long begun = sequencer.next();
    for (String account : accounts) {
      // The mark goes first: a fill racing with this checks it after writing L1 (see UpstreamLoader).
      fence.begin(account, begun);
      if (l1 != null) {
        l1.invalidate(account);
      }
    }
    Future<Void> recorded = l2 == null ? Future.succeededFuture() : l2.invalidate(accounts, begun, fence.horizon());
    return recorded.onSuccess(done -> {
      long completed = sequencer.next();
      for (String account : accounts) {
        fence.complete(account, begun, completed);
      }
    });
  }
}
