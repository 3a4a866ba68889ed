package io.tagway.lookup;

import io.tagway.batch.MissCoalescer;
import io.tagway.batch.MissFailure;
import io.tagway.batch.MissResult;
import io.tagway.batch.Priority;
import io.tagway.cache.L1Cache;
import io.tagway.cache.L2Cache;
import io.tagway.cache.L2Entry;
import io.tagway.cache.TagSet;
import io.tagway.cache.TagSetInterner;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "which tags does each of these accounts have?" from L1, then L2, then coalesced,
 * rate-limited upstream calls; shared by every event loop.
 *
 * <p>An entry past its refresh age is served at once and refreshed in the background at low
 * priority. When the upstream fails for an account whose L1 entry expired less than the grace
 * period ago, that copy is served, marked {@link Tier#STALE}; otherwise only that account fails.
 */
public final class LookupService {

  private static final Duration REFRESH_DEADLINE = Duration.ofSeconds(30);
  /** How often one lookup fetches an account again because it was invalidated during the fetch. */
  private static final int MAX_REFETCHES = 2;

  private final L1Cache l1;
  private final L2Cache l2;
  private final TagSetInterner interner;
  private final MissCoalescer<Fetched> coalescer;
  private final Sequencer sequencer;
  private final InvalidationFence fence;
  private final LookupListener listener;
  private final Clock clock;
  private final long refreshAgeMillis;
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  /**
   * A service over the given levels; {@code l1} or {@code l2} is null when that level is off.
   * Built by {@link LookupEngine}.
   *
   * @param refreshAge age past which an L2 hit is refreshed in the background (L1 decides its own)
   */
  LookupService(L1Cache l1, L2Cache l2, TagSetInterner interner, MissCoalescer<Fetched> coalescer,
      Sequencer sequencer, InvalidationFence fence, Duration refreshAge, LookupListener listener, Clock clock) {
    this.l1 = l1;
    this.l2 = l2;
    this.interner = interner;
    this.coalescer = coalescer;
    this.sequencer = sequencer;
    this.fence = fence;
    this.listener = listener;
    this.clock = clock;
    this.refreshAgeMillis = refreshAge.toMillis();
  }

  /**
   * Looks up distinct accounts. The future always succeeds; accounts that cannot be answered carry
   * their own failure in the result. Completes on the caller's context.
   *
   * @param deadline {@code System.nanoTime()} by which the caller needs an answer
   */
  public Future<LookupResult> lookup(List<String> accounts, long deadline, Priority priority) {
    long arrivedAt = System.nanoTime();
    LookupResult result = new LookupResult(accounts);
    List<Integer> misses = null;
    TagSet[] expired = null;
    for (int i = 0; i < accounts.size(); i++) {
      L1Cache.Lookup hit = l1 == null ? null : l1.get(accounts.get(i));
      if (hit != null && hit.state() != L1Cache.State.EXPIRED) {
        result.found(i, hit.tags(), Tier.L1);
        if (hit.state() == L1Cache.State.REFRESH) {
          refreshLater(accounts.get(i));
        }
        continue;
      }
      if (misses == null) {
        misses = new ArrayList<>();
        expired = new TagSet[accounts.size()];
      }
      misses.add(i);
      if (hit != null) {
        expired[i] = hit.tags();
      }
    }
    int l1Hits = accounts.size() - (misses == null ? 0 : misses.size());
    if (l1Hits > 0) {
      listener.served(Tier.L1, l1Hits);
    }
    if (misses == null) {
      return Future.succeededFuture(result);
    }
    List<Integer> l1Misses = misses;
    TagSet[] staleCopies = expired;
    return fromL2(result, l1Misses)
        .compose(stillMissing -> fromUpstream(result, stillMissing, staleCopies, deadline, arrivedAt, priority, 0));
  }

  /** Fills what L2 has; answers the indexes still missing. */
  private Future<List<Integer>> fromL2(LookupResult result, List<Integer> misses) {
    if (l2 == null) {
      return Future.succeededFuture(misses);
    }
    List<String> keys = new ArrayList<>(misses.size());
    for (int i : misses) {
      keys.add(result.account(i));
    }
    long read = sequencer.next();
    return l2.getAll(keys).map(found -> {
      if (found.isEmpty()) {
        return misses;
      }
      long now = clock.millis();
      List<Integer> stillMissing = new ArrayList<>(misses.size());
      int served = 0;
      for (int i : misses) {
        String account = result.account(i);
        L2Entry entry = found.get(account);
        if (entry == null || !fence.readCurrent(account, read)) {
          stillMissing.add(i);
          continue;
        }
        long age = Math.max(0, now - entry.fetchedAtMillis());
        TagSet tags = interner.intern(entry.tags());
        if (l1 != null) {
          l1.put(account, tags, Duration.ofMillis(age));
          if (!fence.readCurrent(account, read)) { // invalidated while we wrote: see UpstreamLoader
            l1.invalidate(account);
            stillMissing.add(i);
            continue;
          }
        }
        result.found(i, tags, Tier.L2);
        served++;
        if (age >= refreshAgeMillis) {
          refreshLater(account);
        }
      }
      if (served > 0) {
        listener.served(Tier.L2, served);
      }
      return stillMissing;
    });
  }

  private Future<LookupResult> fromUpstream(LookupResult result, List<Integer> misses, TagSet[] staleCopies,
      long deadline, long arrivedAt, Priority priority, int refetches) {
    if (misses.isEmpty()) {
      return Future.succeededFuture(result);
    }
    List<String> accounts = new ArrayList<>(misses.size());
    for (int i : misses) {
      accounts.add(result.account(i));
    }
    return coalescer.resolve(accounts, deadline, arrivedAt, priority).compose(resolved -> {
      List<Integer> invalidated = new ArrayList<>(0);
      int loaded = 0;
      int stale = 0;
      for (int k = 0; k < misses.size(); k++) {
        int i = misses.get(k);
        MissResult<Fetched> outcome = resolved.get(k);
        if (outcome.ok() && !fence.fetchCurrent(result.account(i), outcome.value().sequence())) {
          // Fetched before an invalidation of this account began: never served, fetched again.
          if (refetches < MAX_REFETCHES) {
            invalidated.add(i);
            continue;
          }
          outcome = MissResult.failed(MissFailure.of(MissFailure.Reason.UPSTREAM_UNAVAILABLE,
              "invalidated again while being fetched", Duration.ofSeconds(1)));
        }
        if (outcome.ok()) {
          result.found(i, outcome.value().tags(), Tier.MISS);
          loaded++;
        } else if (staleCopies[i] != null) {
          result.found(i, staleCopies[i], Tier.STALE);
          stale++;
        } else {
          result.failed(i, outcome.failure());
          listener.failed(outcome.failure().reason(), 1);
        }
      }
      if (loaded > 0) {
        listener.served(Tier.MISS, loaded);
      }
      if (stale > 0) {
        listener.served(Tier.STALE, stale);
      }
      return fromUpstream(result, invalidated, staleCopies, deadline, arrivedAt, priority, refetches + 1);
    });
  }

  /**
   * The tags of {@code account} when L1 can serve them right now, otherwise null: the hot path of
   * single-account lookups, answered without allocating a future. Schedules a refresh when due.
   */
  public TagSet cached(String account) {
    L1Cache.Lookup hit = l1 == null ? null : l1.get(account);
    if (hit == null || hit.state() == L1Cache.State.EXPIRED) {
      return null;
    }
    if (hit.state() == L1Cache.State.REFRESH) {
      refreshLater(account);
    }
    listener.served(Tier.L1, 1);
    return hit.tags();
  }

  /** Queues a background refresh unless one is already on its way. */
  private void refreshLater(String account) {
    if (!refreshing.add(account)) {
      return;
    }
    long deadline = System.nanoTime() + REFRESH_DEADLINE.toNanos();
    coalescer.resolve(List.of(account), deadline, Priority.BACKGROUND)
        .onComplete(ar -> refreshing.remove(account));
  }

  /** Accounts waiting for an upstream call. */
  public int queueDepth() {
    return coalescer.queueDepth();
  }

}
