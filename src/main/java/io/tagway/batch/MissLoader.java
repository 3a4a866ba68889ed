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
}
