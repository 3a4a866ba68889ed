package io.tagway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * The in-process tag cache (L1): one per process, shared by all event loops, thread-safe.
 *
 * <p>An entry is an account's {@link TagSet} and the ticker time it was fetched upstream; its
 * {@link State} follows from its age as {@link L1Options} describes. Entries without tags get no
 * less grace than others: during an upstream outage a stale "no tags" is as good an answer as
 * stale tags, and the size bound, not the grace, caps what they cost. No lookup sees an entry
 * once its TTL plus the grace is over; {@link #sweep()} removes it from memory.
 *
 * <p>Memory: Caffeine bounds the size and chooses what to evict, but does not expire entries: its
 * expiry would cost 16 bytes more per entry (the timer wheel's links and deadline), and each entry
 * carries its fetch time anyway. An entry past its grace is never served, the size bound caps what
 * such entries hold, and a sweep, which the owner runs periodically off the event loops, removes
 * them. The entry is also the key ({@link L1Entry}), and a set of few tags holds them in fields
 * ({@link TagSet}): about 140 bytes per account in all, of which Caffeine's node and its map's
 * are 64.
 *
 * <p>Jitter: the TTL and the refresh age of an account are both shortened by the same fraction
 * {@code jitter * u}, where {@code u} in [0, 1) comes from a 64-bit mix of the account's hash
 * code. It is the same on every lookup and every instance, so nothing is stored per entry, while
 * accounts filled together fall due spread over time. With jitter 0 the ages are exact.
 *
 * <p>The ticker drives the states and the sweep, so tests can drive it by hand. Caffeine's
 * maintenance runs on the calling thread: with no removal listener it is short bookkeeping, and it
 * makes eviction deterministic.
 */
public final class L1Cache {

  /** What a cached entry may be used for, by age. */
  public enum State {
    /** Younger than its refresh age: serve it. */
    FRESH,
    /** Past its refresh age, before its TTL: serve it and refresh it in the background. */
    REFRESH,
    /** Past its TTL, within the grace: serve it only, marked stale, when the upstream fails. */
    EXPIRED
  }

  /** What {@link #get} found: the tags and their state at the time of the lookup. */
  public interface Lookup {

    /** The cached tags. */
    TagSet tags();

    /** The state of the tags at the time of the lookup. */
    State state();
  }

  private final Cache<L1Entry, L1Entry> cache;
  private final Ticker ticker;
  private final long refreshNanos;
  private final long ttlNanos;
  private final long negativeRefreshNanos;
  private final long negativeTtlNanos;
  private final long graceNanos;
  private final double jitter;
  private final Duration longestLife;
  /** No entry is removed younger than this (the shorter TTL, shortened by the most jitter, plus the grace). */
  private final long shortestLife;

  /** A cache on the system ticker. */
  public L1Cache(L1Options options) {
    this(options, Ticker.systemTicker());
  }

  /** A cache on {@code ticker}, which drives both expiry and states. */
  public L1Cache(L1Options options, Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.refreshNanos = options.refreshAge().toNanos();
    this.ttlNanos = options.ttl().toNanos();
    this.negativeRefreshNanos = options.negativeRefreshAge().toNanos();
    this.negativeTtlNanos = options.negativeTtl().toNanos();
    this.graceNanos = options.staleGrace().toNanos();
    this.jitter = options.jitter();
    this.longestLife = options.ttl().plus(options.staleGrace());
    long shorterTtl = Math.min(ttlNanos, negativeTtlNanos);
    this.shortestLife = shorterTtl - (long) Math.ceil(shorterTtl * jitter) + graceNanos;
    this.cache = Caffeine.newBuilder().maximumSize(options.maximumSize()).executor(Runnable::run).build();
  }

  /**
   * The cached tags of {@code account} and their state, or null when there are none or they are
   * past the grace. A fresh lookup is the stored entry itself, so the common case allocates
   * nothing; only a stale one is a new object.
   */
  public Lookup get(String account) {
    L1Entry entry = cache.getIfPresent(L1Entry.probe(account));
    if (entry == null) {
      return null;
    }
    long age = ticker.read() - entry.fetchedAt();
    TagSet tags = entry.tags(); // after the time: see L1Entry
    double cut = cut(account.hashCode());
    boolean negative = tags.isEmpty();
    if (age < shorten(negative ? negativeRefreshNanos : refreshNanos, cut)) {
      return entry;
    }
    long ttl = shorten(negative ? negativeTtlNanos : ttlNanos, cut);
    if (age < ttl) {
      return new Stale(account, tags, State.REFRESH);
    }
    if (age - ttl < graceNanos) {
      return new Stale(account, tags, State.EXPIRED);
    }
    return null; // past its grace, not swept yet
  }

  /** Caches the tags of {@code account}, fetched upstream just now. */
  public void put(String account, TagSet tags) {
    put(account, tags, Duration.ZERO);
  }

  /**
   * Caches the tags of {@code account}, fetched upstream {@code age} ago (for tags found in L2).
   * A negative age, from clocks that disagree, counts as zero. Tags too old to be served even
   * stale are not cached, and tags never replace ones that were fetched later.
   */
  public void put(String account, TagSet tags, Duration age) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(age, "age");
    if (age.compareTo(longestLife) >= 0) {
      return;
    }
    long ageNanos = Math.max(0, age.toNanos());
    if (ageNanos >= lifetime(account.hashCode(), tags)) {
      return;
    }
    long now = ticker.read();
    L1Entry offered = L1Entry.of(account, tags, now - ageNanos);
    cache.asMap().merge(offered, offered, (cached, newer) -> {
      if (newer.fetchedAt() - cached.fetchedAt() >= 0 || dead(cached, now)) {
        cached.replaceWith(newer);
      }
      return cached;
    });
  }

  /** Drops the tags of {@code account}. */
  public void invalidate(String account) {
    cache.invalidate(L1Entry.probe(account));
  }

  /** Drops all tags. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /** About how many accounts are cached, counting entries past their grace until they are swept. */
  public long estimatedSize() {
    return cache.estimatedSize();
  }

  /**
   * Removes the entries past their grace, and returns about how many (one that another thread
   * removed meanwhile may count). It walks every entry (about 0.1 s for a million), so it belongs
   * on a worker thread, run every so often; lookups, puts and invalidations go on meanwhile.
   */
  public int sweep() {
    int removed = 0;
    long now = ticker.read();
    for (L1Entry entry : cache.asMap().keySet()) {
      // Most entries are younger than any entry's lifetime: that needs neither their tags nor their hash.
      if (now - entry.fetchedAt() >= shortestLife && dead(entry, now)
          // again under the lock, since a put may have renewed it; null once removed
          && cache.asMap().computeIfPresent(entry, (key, current) -> dead(current, ticker.read()) ? null : current)
              == null) {
        removed++;
      }
    }
    return removed;
  }

  /** Sweeps, then carries out Caffeine's pending evictions now. */
  public void cleanUp() {
    sweep();
    cache.cleanUp();
  }

  /** The refresh age of {@code account}'s entry holding {@code tags}, after jitter. */
  Duration refreshAge(String account, TagSet tags) {
    long nanos = tags.isEmpty() ? negativeRefreshNanos : refreshNanos;
    return Duration.ofNanos(shorten(nanos, cut(account.hashCode())));
  }

  /** The TTL of {@code account}'s entry holding {@code tags}, after jitter. */
  Duration ttl(String account, TagSet tags) {
    return Duration.ofNanos(shorten(tags.isEmpty() ? negativeTtlNanos : ttlNanos, cut(account.hashCode())));
  }

  /** How long after its fetch the entry of the account hashing to {@code hash}, holding {@code tags}, is removed. */
  private long lifetime(int hash, TagSet tags) {
    return shorten(tags.isEmpty() ? negativeTtlNanos : ttlNanos, cut(hash)) + graceNanos;
  }

  /** The fraction, in [0, jitter), by which the ages of the account hashing to {@code hash} are shortened. */
  private double cut(int hash) {
    return jitter * unit(hash);
  }

  /** A uniform value in [0, 1) from a hash: SplitMix64's finalizer (Stafford's mix 13), top 53 bits. */
  static double unit(int hash) {
    long z = hash + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  /** {@code nanos} shortened by the fraction {@code cut}; exactly {@code nanos} when it is 0. */
  private static long shorten(long nanos, double cut) {
    return nanos - (long) (nanos * cut);
  }

  /** Whether {@code entry} is past its grace at {@code now}: no lookup may see it any more. */
  private boolean dead(L1Entry entry, long now) {
    long age = now - entry.fetchedAt();
    return age >= lifetime(entry.accountHash(), entry.tags());
  }

  /** A lookup of tags past their refresh age. */
  private record Stale(String account, TagSet tags, State state) implements Lookup {

    @Override
    public String toString() {
      return account + " " + state + " " + tags;
    }
  }
}
