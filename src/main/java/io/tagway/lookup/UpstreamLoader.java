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
 * it. An account Tencent leaves out of its answer is stored as "no tags".
 */
final class UpstreamLoader implements MissLoader<TagSet> {

  private final TimClient client;
  private final TagSetInterner interner;
  private final L1Cache l1;
  private final L2Cache l2;
  private final Clock clock;

  /** {@code l1} and {@code l2} may be null when that level is off. */
  UpstreamLoader(TimClient client, TagSetInterner interner, L1Cache l1, L2Cache l2, Clock clock) {
    this.client = client;
    this.interner = interner;
    this.l1 = l1;
    this.l2 = l2;
    this.clock = clock;
  }

  @Override
  public Future<Map<String, TagSet>> load(List<String> accounts, long batchSequence) {
    return client.getTags(accounts).map(this::store);
  }

  private Map<String, TagSet> store(TagLookupResult answer) {
    long fetchedAt = clock.millis();
    Map<String, TagSet> loaded = new HashMap<>(answer.tags().size() + answer.missing().size());
    answer.tags().forEach((account, tags) -> loaded.put(account, interner.intern(tags)));
    answer.missing().forEach(account -> loaded.put(account, TagSet.EMPTY));
    if (l2 != null) {
      Map<String, L2Entry> entries = new HashMap<>(loaded.size());
      loaded.forEach((account, tags) -> entries.put(account, new L2Entry(tags.tags(), fetchedAt)));
      l2.putAll(entries); // never fails; a Redis outage only costs L2 hits later
    }
    if (l1 != null) {
      loaded.forEach(l1::put);
    }
    return loaded;
  }
}
