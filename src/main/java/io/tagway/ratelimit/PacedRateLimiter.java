package io.tagway.ratelimit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * An in-process limiter that counts a call as occupying the upstream's window until one second
 * after it ended, and paces starts evenly.
 *
 * <p>Why not a token bucket: a bucket of capacity {@code b} refilled at {@code r}/s lets
 * {@code b + r} calls start within one second, so any burst breaks "at most {@code r} in any
 * second". Why not a sliding log of start times: the upstream counts arrivals, and a call arrives
 * at some unknown moment between its start and its end; network and server queueing can bring
 * the calls of two seconds closer together at the upstream than they were at our side.
 *
 * <p>So the limiter keeps {@code limit} slots, one per recent call, each holding the moment its
 * call ended (or, while it is in flight, the latest moment it can end: the start plus
 * {@code maxCallTime}). A new call takes a slot only when that slot's call ended at least one second
 * plus {@code margin} ago. Claim: no window {@code (t - 1s, t]} at the upstream holds more than
 * {@code limit} arrivals. Suppose calls {@code c0..cN} (N = limit) all arrive in it, {@code cN}
 * granted last, at {@code s <= t}. Just before that grant the slots held {@code limit} calls. If
 * they were exactly {@code c0..cN-1}, then {@code cN} took the slot of one of them, which therefore
 * ended, and so arrived, no later than {@code s - 1s <= t - 1s}: outside the window. Otherwise
 * some {@code cj} had lost its slot to an earlier grant at {@code s' <= s}, so it arrived no later
 * than {@code s' - 1s}: outside too. Either way a contradiction. The price is throughput: with
 * calls taking {@code L}, at most {@code limit / (1s + L + margin)} calls start per second.
 *
 * <p>On top, a GCRA with interval {@code 1s / limit} spreads starts evenly instead of in bursts;
 * it only shapes, the slots guarantee. Its tolerance is {@value #BURST} intervals: a start that came
 * late (timer granularity, a Redis round trip, a GC pause) is made up for by the next ones instead of
 * being lost for good, which with no tolerance cost about a tenth of the upstream's capacity under
 * full load; the price is that at most {@code BURST + 1} calls may start together.
 */
public final class PacedRateLimiter implements RateLimiter {

  private static final long SECOND = 1_000_000_000L;
  /** How many intervals early the GCRA lets a start come, to make up for late ones. */
  static final int BURST = 5;

  private final long holdNanos;
  private final long maxCallNanos;
  private final long intervalNanos;
  private final long toleranceNanos;
  private final LongSupplier nanoTime;
  /** When each slot's call ended, or may end at the latest; {@code ids[i]} is the grant holding it. */
  private final long[] ends;
  private final long[] ids;
  private long nextId;
  private long theoreticalArrival;
  private long pausedUntil;

  /**
   * A limiter of {@code limit} calls per second at the upstream.
   *
   * @param margin added to the second a finished call keeps its slot, against clock differences
   * @param maxCallTime the longest a call can take (its timeout plus slack): a slot whose call is
   *     never released is freed that long after its start
   * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
   */
  public PacedRateLimiter(int limit, Duration margin, Duration maxCallTime, LongSupplier nanoTime) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    if (margin.isNegative()) {
      throw new IllegalArgumentException("margin must not be negative, got " + margin);
    }
    if (maxCallTime.isNegative() || maxCallTime.isZero()) {
      throw new IllegalArgumentException("maxCallTime must be positive, got " + maxCallTime);
    }
    this.holdNanos = SECOND + margin.toNanos();
    this.maxCallNanos = maxCallTime.toNanos();
    this.intervalNanos = SECOND / limit;
    this.toleranceNanos = BURST * intervalNanos;
    this.nanoTime = nanoTime;
    this.ends = new long[limit];
    this.ids = new long[limit];
    long now = nanoTime.getAsLong();
    java.util.Arrays.fill(ends, now - holdNanos);
    java.util.Arrays.fill(ids, -1);
    this.theoreticalArrival = now;
    this.pausedUntil = now;
  }

  @Override
  public Future<Permit> tryAcquire() {
    return Future.succeededFuture(acquireNow());
  }

  @Override
  public Future<List<Permit>> tryAcquire(int max) {
    return Future.succeededFuture(acquireNow(max));
  }

  /** The synchronous form of {@link #tryAcquire(int)}: up to {@code max} permits, or one denial. */
  public synchronized List<Permit> acquireNow(int max) {
    Permit first = acquireNow();
    if (!first.granted() || max <= 1) {
      return List.of(first);
    }
    List<Permit> permits = new ArrayList<>(max);
    permits.add(first);
    Permit next;
    while (permits.size() < max && (next = acquireNow()).granted()) {
      permits.add(next);
    }
    return permits;
  }

  /** The synchronous form of {@link #tryAcquire()}. */
  public synchronized Permit acquireNow() {
    long now = nanoTime.getAsLong();
    int slot = earliestSlot();
    long wait = Math.max(pausedUntil - now, theoreticalArrival - toleranceNanos - now);
    wait = Math.max(wait, ends[slot] + holdNanos - now);
    if (wait > 0) {
      return Permit.denied(wait);
    }
    theoreticalArrival = Math.max(theoreticalArrival, now) + intervalNanos;
    long id = nextId++;
    ids[slot] = id;
    ends[slot] = now + maxCallNanos;
    return Permit.granted(id, slot, this);
  }

  @Override
  public synchronized void release(Permit permit, long endedNanosAgo) {
    int slot = permit.slot();
    if (!permit.granted() || slot < 0 || slot >= ids.length || ids[slot] != permit.id()) {
      return; // not ours, or the slot was already given to a later call
    }
    // Never later than the provisional end: a call released late still frees on time.
    ends[slot] = Math.min(ends[slot], nanoTime.getAsLong() - Math.max(0, endedNanosAgo));
    ids[slot] = -1;
  }

  @Override
  public synchronized void pause(Duration duration) {
    long until = nanoTime.getAsLong() + duration.toNanos();
    if (until - pausedUntil > 0) {
      pausedUntil = until;
    }
  }

  @Override
  public int limit() {
    return ends.length;
  }

  private int earliestSlot() {
    int best = 0;
    for (int i = 1; i < ends.length; i++) {
      if (ends[i] - ends[best] < 0) {
        best = i;
      }
    }
    return best;
  }
}
