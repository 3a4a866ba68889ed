package io.tagway.lookup;

import io.tagway.batch.MissLoader;
import io.tagway.cache.L1Cache;
import io.tagway.cache.L2Cache;
import io.tagway.cache.L2Entry;
import io.tagway.cache.TagSet;
import io.tagway.cache.TagSetInterner;
import io.tagway.upstream.TagLookupResult;
import io.tagway.upstream.TimClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a batch from Tencent IM and stores what came back in L1 before the waiters hear of it, and
 * in L2 right after they have: the L2 write is sent then, not awaited, so a slow or absent Redis
 * never holds an answer up, and another instance may miss the fill for the moment it takes. The
 * coalescer hears that the call is over as soon as its answer is in, before the store. An account
 * Tencent leaves out of its answer is stored as "no tags". An account invalidated after its fetch
 * began is not stored; its answer still carries the fetch's sequence, so the lookup that receives
 * it can tell that it must fetch again.
 *
 * <p>A fetch's sequence number is taken before its call starts; {@link #prepare} takes it while
 * the coalescer asks for the permit, so that the call does not wait for another round trip. A
 * number taken earlier is only more cautious, so a prepared number numbers every fetch that starts
 * within {@link #PREPARED_LIFE} until the next preparation (the batches of one ask for several
 * permits share it); preparing again replaces a number that numbered a fetch or is past half its
 * life. But
 * one below an invalidation of an account in the batch that this instance already knows of is
 * replaced when the batch loads: it would make the fetch not current although the call starts
 * after the invalidation, and a lookup fetching again after an invalidation could keep landing in
 * batches numbered before it until it gave up.
 * {@link #prepare} and {@link #load} are called on the coalescer's context only.
 */
final class UpstreamLoader implements MissLoader<Fetched> {

  /** How long a number taken ahead of its batch may still number the batch's fetch. */
  static final Duration PREPARED_LIFE = Duration.ofMillis(100);

  private final TimClient client;
  private final TagSetInterner interner;
  private final L1Cache l1;
  private final L2Cache l2;
  private final GlobalSequence sequence;
  private final InvalidationFence fence;
  private final Clock clock;
  private Future<Long> prepared;
  private long preparedAt;
  private boolean preparedUsed;

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
  public void prepare() {
    long now = System.nanoTime();
    if (prepared == null || preparedUsed || prepared.failed() || now - preparedAt >= PREPARED_LIFE.toNanos() / 2) {
      prepared = sequence.next();
      preparedAt = now;
      preparedUsed = false;
    }
  }

  @Override
  public Future<Map<String, Fetched>> load(List<String> accounts) {
    return load(accounts, () -> { });
  }

  @Override
  public Future<Map<String, Fetched>> load(List<String> accounts, Runnable callEnded) {
    Future<Long> ready = prepared != null && !prepared.failed()
        && System.nanoTime() - preparedAt < PREPARED_LIFE.toNanos() ? prepared : null;
    if (ready == null) {
      return fetch(accounts, sequence.next(), callEnded);
    }
    preparedUsed = true;
    return ready.succeeded()
        ? fetchPrepared(accounts, ready.result(), callEnded)
        : ready.compose(number -> fetchPrepared(accounts, number, callEnded));
  }

  /**
   * Fetches under the prepared {@code number}, or under a new one when an invalidation this instance
   * knows of came after it: the new number comes after that invalidation's, so only an
   * invalidation that arrives while the call is under way keeps this fetch out.
   */
  private Future<Map<String, Fetched>> fetchPrepared(List<String> accounts, long number, Runnable callEnded) {
    for (String account : accounts) {
      if (!fence.fetchCurrent(account, number)) {
        return fetch(accounts, sequence.next(), callEnded);
      }
    }
    return fetch(accounts, number, callEnded);
  }

  private Future<Map<String, Fetched>> fetch(List<String> accounts, Future<Long> number, Runnable callEnded) {
    // A number already here is used on this thread: composing on it would first hop to the
    // context of the Redis connection that delivered it.
    return number.succeeded()
        ? fetch(accounts, number.result(), callEnded)
        : number.compose(fetch -> fetch(accounts, fetch, callEnded));
  }

  private Future<Map<String, Fetched>> fetch(List<String> accounts, long fetch, Runnable callEnded) {
    return client.getTags(accounts).onComplete(ar -> callEnded.run()).map(answer -> store(answer, fetch));
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
    if (l2 != null && !current.isEmpty()) {
      Map<String, L2Entry> entries = new HashMap<>(current.size());
      current.forEach((account, tags) -> entries.put(account, new L2Entry(tags.tags(), fetchedAt)));
      // Sent once the waiters have their answers (a task after this one on the same context):
      // sending costs this thread a fraction of a millisecond. It never fails, and Redis itself
      // refuses fills older than an invalidation, whenever they arrive.
      Context context = Vertx.currentContext();
      if (context == null) {
        l2.putAll(entries, fetch);
      } else {
        context.runOnContext(v -> l2.putAll(entries, fetch));
      }
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
