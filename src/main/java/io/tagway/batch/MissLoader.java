package io.tagway.batch;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** Makes one upstream attempt for a batch of at most 100 distinct accounts. */
@FunctionalInterface
public interface MissLoader<V> {

  /**
   * Loads the accounts, storing what it loaded wherever it belongs (caches) before answering.
   *
   * @return a value for every account of the batch, or a failed future; a
   *     {@link io.tagway.upstream.TimException} tells the coalescer whether to retry
   */
  Future<Map<String, V>> load(List<String> accounts);

  /**
   * As {@link #load(List)}, running {@code callEnded} as soon as the upstream call itself is over,
   * before what follows it (storing the answer), so that the rate limiter's slot starts its second
   * on time. The default runs it when the load completes.
   */
  default Future<Map<String, V>> load(List<String> accounts, Runnable callEnded) {
    return load(accounts).onComplete(ar -> callEnded.run());
  }

  /**
   * A batch will probably be loaded soon: the coalescer is asking the rate limiter for its permit
   * (possibly while the batch still waits out its window), or for several batches' permits at once,
   * which then load one after another. Anything {@link #load} needs that can be had ahead of the
   * batches may be fetched now, alongside the permits. Called on the coalescer's context, maybe
   * many times before a load.
   */
  default void prepare() {}
}
