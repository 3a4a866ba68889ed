package io.tagway.lookup;

import io.tagway.cache.L1Cache;
import io.tagway.cache.L2Cache;
import io.tagway.cluster.InvalidationBus;
import io.vertx.core.Future;
import java.util.List;

/**
 * Invalidates accounts: from then on no tags of theirs fetched before are cached or served by any
 * instance, and Redis refuses to store them. The future completes once Redis has recorded the
 * invalidation and the other instances confirmed it, and fails (for the caller to answer 503)
 * when Redis could not record or carry it.
 */
public final class Invalidator implements InvalidationBus.Listener {

  private final GlobalSequence global;
  private final Sequencer local;
  private final InvalidationFence fence;
  private final L1Cache l1;
  private final L2Cache l2;
  private InvalidationBus bus;

  /** {@code l1} or {@code l2} may be null when that level is off. */
  public Invalidator(GlobalSequence global, Sequencer local, InvalidationFence fence, L1Cache l1, L2Cache l2) {
    this.global = global;
    this.local = local;
    this.fence = fence;
    this.l1 = l1;
    this.l2 = l2;
  }

  /** Tells the other instances of every invalidation from now on. */
  void connect(InvalidationBus bus) {
    this.bus = bus;
  }

  /** Invalidates distinct, valid accounts. */
  public Future<Void> invalidate(List<String> accounts) {
    return global.next().compose(begun -> {
      for (String account : accounts) {
        // The mark goes first: a fill racing with this checks it after writing L1 (see UpstreamLoader).
        fence.begin(account, begun);
        if (l1 != null) {
          l1.invalidate(account);
        }
      }
      Future<Void> recorded = l2 == null ? Future.succeededFuture() : l2.invalidate(accounts, begun, fence.horizon());
      return recorded.compose(done -> {
        long completed = local.next();
        for (String account : accounts) {
          fence.complete(account, begun, completed);
        }
        return bus == null ? Future.succeededFuture() : bus.publish(accounts, begun);
      });
    });
  }

  /** Another instance invalidated these accounts, and Redis already recorded it. */
  @Override
  public void invalidated(List<String> accounts, long sequence) {
    long completed = local.next();
    for (String account : accounts) {
      fence.begin(account, sequence);
      if (l1 != null) {
        l1.invalidate(account);
      }
      fence.complete(account, sequence, completed);
    }
  }

  /** Messages may have been missed while the subscription was down: nothing in L1 can be trusted. */
  @Override
  public void resubscribed() {
    if (l1 != null) {
      l1.invalidateAll();
    }
  }
}
