package io.tagway.lookup;

import io.tagway.batch.MissLoader;
import io.tagway.cache.L1Cache;
import io.tagway.cache.L2Cache;
import io.tagway.cache.L2Entry;
import io.tagway.cache.TagSet;
import io.tagway.cache.TagSetInterner;
import io.tagway.upstream.TagLookupResult;
import io.tagway.upstream.TimClient;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a batch from Tencent IM and stores what came back in L2 and L1 before the waiters hear of
 * it. An account Tencent leaves out of its answer is stored as "no tags". An account invalidated
 * after its fetch began is not stored; its answer still carries the fetch's sequence, so the
 * lookup that receives it can tell that it must fetch again.
 */
final class UpstreamLoader implements MissLoader<Fetched> {

  private final TimClient client;
  private final TagSetInterner interner;
  private final L1Cache l1;
  private final L2Cache l2;
  private final GlobalSequence sequence;
  private final InvalidationFence fence;
  private final Clock clock;

  /** {@code l1} and {@code l2} may be null when that level is off. */
  UpstreamLoader(TimClient client, TagSetInterner interner, L1Cache l1, L2Cache l2, GlobalSequence sequence,
      InvalidationFence fence, Clock clock) {
    this.client = client;
    this.interner = interner;
    this.l1 = l1;
    this.l2 = l2;
    this.sequence = sequence;
    this.fence = fence;
    this.clock = clock;
  }

  @Override
  public Future<Map<String, Fetched>> load(List<String> accounts) {
    return sequence.next().compose(fetch -> client.getTags(accounts).map(answer -> store(answer, fetch)));
  }

  private Map<String, Fetched> store(TagLookupResult answer, long fetch) {
    long fetchedAt = clock.millis();
    Map<String, Fetched> loaded = new HashMap<>(answer.tags().size() + answer.missing().size());
    answer.tags().forEach((account, tags) -> loaded.put(account, new Fetched(interner.intern(tags), fetch)));
    answer.missing().forEach(account -> loaded.put(account, new Fetched(TagSet.EMPTY, fetch)));
    Map<String, TagSet> current = new HashMap<>(loaded.size());
    loaded.forEach((account, fetched) -> {
      if (fence.fetchCurrent(account, fetch)) {
        current.put(account, fetched.tags());
      }
    });
    if (l2 != null) {
      Map<String, L2Entry> entries = new HashMap<>(current.size());
      current.forEach((account, tags) -> entries.put(account, new L2Entry(tags.tags(), fetchedAt)));
      l2.putAll(entries, fetch); // never fails; Redis itself refuses fills older than an invalidation
    }
    if (l1 != null) {
      current.forEach((account, tags) -> {
        l1.put(account, tags);
        // Checked again after writing: an invalidation that began meanwhile either dropped the
        // entry after we wrote it, or began before this check and is seen here.
        if (!fence.fetchCurrent(account, fetch)) {
          l1.invalidate(account);
        }
      });
    }
    return loaded;
  }
}
