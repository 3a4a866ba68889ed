package io.tagway.lookup;

import io.vertx.core.Future;

/**
 * Sequence numbers that upstream fetches and invalidations of every instance can be compared by:
 * from Redis when instances share one, from this instance's {@link Sequencer} otherwise.
 */
public interface GlobalSequence {

  /** The next number; never fails (a shared sequence falls back to the local one). */
  Future<Long> next();

  /** The local sequence, for an instance on its own. */
  static GlobalSequence local(Sequencer sequencer) {
    return () -> Future.succeededFuture(sequencer.next());
  }
}
