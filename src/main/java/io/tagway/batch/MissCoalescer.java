package io.tagway.batch;

import io.tagway.ratelimit.Permit;
import io.tagway.ratelimit.RateLimiter;
import io.tagway.upstream.TimException;
import io.tagway.upstream.TimFailureKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns cache misses from every event loop into as few, as full, rate-limited upstream calls as
 * possible.
 *
 * <p>Each account is pending or in flight at most once (callers asking for it meanwhile join it).
 * A batch of up to {@code maxBatch} accounts leaves when the rate limiter grants a permit and either
 * a full batch is waiting or the oldest miss has waited the window; while permits are scarce, the
 * queue keeps filling, so each permit buys as many accounts as possible. Interactive misses go
 * before background refreshes, and retries of failed batches go first. While a batch waits out
 * its window, its permit is acquired, so that it leaves the moment it is ready instead of a limiter
 * round trip later; under load batches are ready at once and nothing is held ahead. While several
 * batches are ready, one ask of the limiter asks for a permit for each (up to
 * {@value #MAX_PERMITS_PER_ASK}), so that a slow round trip to a shared limiter does not cap the
 * calls per second. The loader is prepared alongside every acquisition.
 *
 * <p>All state is confined to one Vert.x context, so nothing here locks; callers on other event
 * loops hop onto it, and answers hop back to the caller's context. Admission fails at once, with
 * a retry hint, when the queue is full or the caller's deadline cannot be met at the current rate.
 * Every caller is answered: with values, a per-account failure, or at its deadline.
 */
public final class MissCoalescer<V> {

  private static final Logger LOG = LoggerFactory.getLogger(MissCoalescer.class);
  private static final long NONE = Long.MAX_VALUE;
  private static final long LIMITER_ERROR_BACKOFF = Duration.ofMillis(50).toNanos();
  /** The shortest wake-up delay: a timer needs a positive one, and sooner is not worth a timer. */
  private static final long MIN_WAKE_UP_NANOS = 10_000;
  /** While the limiter says no, asks are at least a window apart, and never closer than this. */
  private static final long MIN_ASK_INTERVAL_NANOS = Duration.ofMillis(1).toNanos();
  /** Most permits one ask of the limiter asks for. */
  static final int MAX_PERMITS_PER_ASK = 8;

  private final Vertx vertx;
  private final Context context;
  private final CoalescerOptions options;
  private final RateLimiter limiter;
  private final MissLoader<V> loader;
  private final LongSupplier nanoTime;
  private final CoalescerListener listener;
  private final long windowNanos;

  private final Map<String, Slot> slots = new HashMap<>();
  private final ArrayDeque<Slot> interactive = new ArrayDeque<>();
  private final ArrayDeque<Slot> background = new ArrayDeque<>();
  private final PriorityQueue<Batch> retries = new PriorityQueue<>((a, b) -> Long.compare(a.dueAt, b.dueAt));
  private int queued;
  private int queuedBackground;
  private boolean acquiring;
  /** A permit granted for the batch that is forming, kept until the batch is ready. */
  private Permit held;
  /** Until when ({@code nanoTime}) the limiter's last no stands: it is not asked again before. */
  private long askAgainAt;
  private Timer timer;
  private long timerAt;
  private double latencyNanos = Duration.ofMillis(50).toNanos();
  private volatile int depth;

  /**
   * A coalescer whose state lives on {@code context}.
   *
   * @param nanoTime monotonic clock, {@code System::nanoTime} outside tests
   */
  public MissCoalescer(Context context, CoalescerOptions options, RateLimiter limiter, MissLoader<V> loader,
      LongSupplier nanoTime, CoalescerListener listener) {
    this.vertx = context.owner();
    this.context = context;
    this.options = options;
    this.limiter = limiter;
    this.loader = loader;
    this.nanoTime = nanoTime;
    this.listener = listener;
    this.windowNanos = options.window().toNanos();
    this.askAgainAt = nanoTime.getAsLong();
  }

  /**
   * Resolves distinct accounts that no cache had. The answer lists one result per account, in
   * order, and completes on the caller's context.
   *
   * @param deadline {@code nanoTime} by which the caller needs the answer
   */
  public Future<List<MissResult<V>>> resolve(List<String> accounts, long deadline, Priority priority) {
    return resolve(accounts, deadline, MissRequest.UNKNOWN, priority);
  }

  /**
   * As {@link #resolve(List, long, Priority)}, for a lookup that began at {@code arrivedAt}
   * ({@code nanoTime}): an account it puts in the queue has waited since then, so the time spent
   * looking in the caches counts towards its coalescing window.
   */
  public Future<List<MissResult<V>>> resolve(List<String> accounts, long deadline, long arrivedAt, Priority priority) {
    Promise<List<MissResult<V>>> promise = Promise.promise();
    if (accounts.isEmpty()) {
      promise.complete(List.of());
      return promise.future();
    }
    MissRequest<V> request =
        new MissRequest<>(List.copyOf(accounts), deadline, arrivedAt, priority, promise, Vertx.currentContext());
    onContext(() -> admit(request));
    return promise.future();
  }

  /** Accounts waiting for a batch (not counting those in flight); readable from any thread. */
  public int queueDepth() {
    return depth;
  }

  private void admit(MissRequest<V> request) {
    long now = nanoTime.getAsLong();
    long waitingSince = request.arrivedAt == MissRequest.UNKNOWN || request.arrivedAt - now > 0 ? now : request.arrivedAt;
    int rejectedFull = 0;
    int rejectedDeadline = 0;
    for (int i = 0; i < request.accounts.size(); i++) {
      String account = request.accounts.get(i);
      Slot slot = slots.get(account);
      if (slot == null) {
        MissFailure refusal = admission(request, now);
        if (refusal != null) {
          if (refusal.reason() == MissFailure.Reason.QUEUE_FULL) {
            rejectedFull++;
          } else {
            rejectedDeadline++;
          }
          request.set(i, MissResult.failed(refusal), vertx);
          continue;
        }
        slot = enqueue(account, request.priority, waitingSince);
      } else if (request.priority == Priority.INTERACTIVE && slot.state == Slot.State.QUEUED_BACKGROUND) {
        // Promoted: the slot stays in the background queue too, where it is skipped from now on.
        slot.state = Slot.State.QUEUED_INTERACTIVE;
        queuedBackground--;
        interactive.addLast(slot);
      }
      slot.waiters.add(new Slot.Waiter(request, i));
    }
    if (rejectedFull > 0) {
      listener.rejected(MissFailure.Reason.QUEUE_FULL, rejectedFull);
    }
    if (rejectedDeadline > 0) {
      listener.rejected(MissFailure.Reason.DEADLINE_UNMEETABLE, rejectedDeadline);
    }
    if (!request.done()) {
      long delay = Math.max(1, (request.deadline - now) / 1_000_000);
      request.deadlineTimer(vertx.setTimer(delay, id -> expire(request)));
    }
    updateDepth();
    pump();
  }

  /**
   * Answers the accounts still pending at the deadline, and takes out of the queue those nobody
   * else waits for: under overload, upstream calls go to callers still waiting, not to the gone.
   */
  private void expire(MissRequest<V> request) {
    for (String account : request.accounts) {
      Slot slot = slots.get(account);
      if (slot == null || slot.state == Slot.State.IN_FLIGHT) {
        continue;
      }
      slot.waiters.removeIf(waiter -> waiter.request() == request);
      if (slot.waiters.isEmpty()) {
        // Left in its queue, where it is skipped from now on.
        if (slot.state == Slot.State.QUEUED_BACKGROUND) {
          queuedBackground--;
        }
        slot.state = Slot.State.CANCELLED;
        slots.remove(account);
        queued--;
      }
    }
    updateDepth();
    // Answered last: the caller may act on the answer at once, on this thread.
    request.expire(MissFailure.of(MissFailure.Reason.DEADLINE_EXCEEDED,
        "deadline passed while waiting for the upstream", Duration.ZERO), vertx);
  }

  /** Null when the account may join the queue, otherwise why not. */
  private MissFailure admission(MissRequest<V> request, long now) {
    boolean backgroundFull = request.priority == Priority.BACKGROUND && queuedBackground >= options.maxBackground();
    if (queued >= options.maxPending() || backgroundFull) {
      return MissFailure.of(MissFailure.Reason.QUEUE_FULL, "too many accounts waiting for the upstream",
          Duration.ofNanos(estimatedWait(queued)));
    }
    long wait = estimatedWait(request.priority == Priority.INTERACTIVE ? queued - queuedBackground : queued);
    // Admitted only with a fifth of the time left to spare: the estimate is an estimate, and an
    // account fetched after its caller gave up is a wasted share of the upstream's budget.
    if (wait * 5 > (request.deadline - now) * 4) {
      return MissFailure.of(MissFailure.Reason.DEADLINE_UNMEETABLE,
          "the upstream cannot be reached before the deadline at the current rate", Duration.ofNanos(wait));
    }
    return null;
  }

  /** Time until an account behind {@code ahead} others would be answered, at the limiter's rate. */
  private long estimatedWait(int ahead) {
    // Each permit is held for a second after its call ends, so a slot cycles every 1 s + latency.
    long batchesAhead = ahead / options.maxBatch() + retries.size();
    return (long) (batchesAhead * (1e9 + latencyNanos) / limiter.limit() + latencyNanos);
  }

  private Slot enqueue(String account, Priority priority, long now) {
    boolean isInteractive = priority == Priority.INTERACTIVE;
    Slot slot = new Slot(account, isInteractive ? Slot.State.QUEUED_INTERACTIVE : Slot.State.QUEUED_BACKGROUND, now);
    slots.put(account, slot);
    (isInteractive ? interactive : background).addLast(slot);
    queued++;
    if (!isInteractive) {
      queuedBackground++;
    }
    return slot;
  }

  /**
   * Sends every batch that is ready and has a permit; otherwise arranges to look again, acquiring
   * the permit of a batch that will be ready within the window meanwhile.
   */
  private void pump() {
    while (!acquiring) {
      long now = nanoTime.getAsLong();
      long next = nextReadyAt(now);
      if (next == NONE) {
        releaseHeld();
        return;
      }
      if (next - now > 0) {
        schedule(next - now);
        if (held != null || next - now > windowNanos) {
          return;
        }
      } else if (held != null) {
        Permit permit = held;
        held = null;
        permitted(permit);
        continue;
      }
      if (askAgainAt - now > 0) {
        schedule(askAgainAt - now); // told to wait moments ago (see permitted): look again then
        return;
      }
      acquiring = true;
      loader.prepare(); // whatever the call needs besides the permit, asked for alongside it
      Future<List<Permit>> permits;
      try {
        permits = limiter.tryAcquire(next - now > 0 ? 1 : batchesReady(now));
      } catch (RuntimeException e) {
        permits = Future.failedFuture(e);
      }
      if (!permits.isComplete()) {
        permits.onComplete(ar -> onContext(() -> {
          acquiring = false;
          if (permitted(ar.succeeded() ? ar.result() : limiterFailed(ar.cause()))) {
            pump();
          }
        }));
        return;
      }
      acquiring = false;
      if (!permitted(permits.succeeded() ? permits.result() : limiterFailed(permits.cause()))) {
        return;
      }
    }
  }

  /**
   * How many batches could leave at once, for one ask of the limiter: while many are waiting, a
   * limiter shared through Redis would otherwise grant one call per round trip, and a slow round
   * trip (a loaded machine, a distant Redis) would cap the calls per second below the limit. A
   * retry counts only once it is due: a permit asked for and given back unused still holds its
   * slot for a second.
   */
  private int batchesReady(long now) {
    Batch retry = retries.peek();
    int full = queued / options.maxBatch() + (retry != null && retry.dueAt - now <= 0 ? 1 : 0);
    return Math.max(1, Math.min(MAX_PERMITS_PER_ASK, full));
  }

  /** Gives back a permit held for a batch that no longer exists (its callers all gave up). */
  private void releaseHeld() {
    if (held != null) {
      limiter.release(held);
      held = null;
    }
  }

  /** The nanoTime at which a batch will be ready to leave (now when one is), or NONE when nothing waits. */
  private long nextReadyAt(long now) {
    if (queued >= options.maxBatch()) {
      return now;
    }
    long next = retries.isEmpty() ? NONE : retries.peek().dueAt;
    long oldest = Math.min(oldestEnqueuedAt(interactive, Slot.State.QUEUED_INTERACTIVE),
        oldestEnqueuedAt(background, Slot.State.QUEUED_BACKGROUND));
    return oldest == NONE ? next : Math.min(next, oldest + windowNanos);
  }

  private static long oldestEnqueuedAt(ArrayDeque<Slot> queue, Slot.State state) {
    Slot head;
    while ((head = queue.peekFirst()) != null && head.state != state) {
      queue.pollFirst(); // promoted or sent: skipped lazily
    }
    return head == null ? NONE : head.enqueuedAt;
  }

  /**
   * Handles the limiter's answer: for each permit granted, sends a batch, holds the permit while
   * the next batch is still forming, or gives it back; when denied, waits. True to continue.
   */
  private boolean permitted(List<Permit> permits) {
    Permit first = permits.get(0);
    if (!first.granted()) {
      return permitted(first);
    }
    // A load that completes at once would pump from inside this loop and ask for permits for the
    // batches these are meant for; an unused permit given back still costs its slot a second.
    acquiring = true;
    try {
      for (Permit permit : permits) {
        permitted(permit);
      }
    } finally {
      acquiring = false;
    }
    return true;
  }

  /** Handles one permit of the limiter's answer, as {@link #permitted(List)} says. True to continue. */
  private boolean permitted(Permit permit) {
    long now = nanoTime.getAsLong();
    if (!permit.granted()) {
      // While the wait lasts, the limiter is asked again at most once per window (and at least a
      // millisecond apart), however many misses arrive: with the shared limiter each ask is a
      // script run in Redis, and under overload every admission used to make one. Not only when
      // the wait is over: the wait is exact for a slot whose call has ended, but for one still in
      // flight it counts to the call's longest possible end, and the call may end, and free its
      // slot, well before.
      askAgainAt = now + Math.min(permit.waitNanos(), Math.max(windowNanos, MIN_ASK_INTERVAL_NANOS));
      listener.rateLimited(permit.waitNanos());
      schedule(permit.waitNanos());
      return false;
    }
    long next = nextReadyAt(now);
    if (next != NONE && next - now > 0) {
      if (held == null) {
        held = permit;
      } else {
        limiter.release(permit); // one more than the batches ready: they left or their callers gave up
      }
      return true;
    }
    Batch batch = takeBatch(now);
    if (batch == null) {
      limiter.release(permit);
    } else {
      send(batch, permit);
    }
    return true;
  }

  private List<Permit> limiterFailed(Throwable cause) {
    LOG.warn("Rate limiter failed ({}); trying again shortly", cause.toString());
    return List.of(Permit.denied(LIMITER_ERROR_BACKOFF));
  }

  private Batch takeBatch(long now) {
    Batch retry = retries.peek();
    if (retry != null && retry.dueAt <= now) {
      return retries.poll();
    }
    List<Slot> taken = new ArrayList<>(Math.min(queued, options.maxBatch()));
    drain(interactive, Slot.State.QUEUED_INTERACTIVE, taken);
    drain(background, Slot.State.QUEUED_BACKGROUND, taken);
    updateDepth();
    return taken.isEmpty() ? null : new Batch(taken);
  }

  private void drain(ArrayDeque<Slot> queue, Slot.State state, List<Slot> into) {
    while (into.size() < options.maxBatch() && !queue.isEmpty()) {
      Slot slot = queue.pollFirst();
      if (slot.state == state) {
        slot.state = Slot.State.IN_FLIGHT;
        into.add(slot);
        queued--;
        if (state == Slot.State.QUEUED_BACKGROUND) {
          queuedBackground--;
        }
      }
    }
  }

  private void send(Batch batch, Permit permit) {
    List<String> accounts = batch.accounts();
    long started = nanoTime.getAsLong();
    listener.batchSent(accounts.size(), batch.attempt);
    Future<Map<String, V>> answer;
    Release release = new Release(permit);
    try {
      answer = loader.load(accounts, () -> onContext(release::ended));
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(ar -> onContext(() -> {
      release.ended();
      long nanos = nanoTime.getAsLong() - started;
      // The waiters first: a release through Redis sends a command, which cost this thread 0.1 to
      // 0.5 ms in S5, and the permit is freed as of the call's end all the same.
      try {
        if (ar.succeeded()) {
          loaded(batch, ar.result(), nanos);
        } else {
          failed(batch, ar.cause(), nanos);
        }
      } finally {
        release.free();
      }
      pump();
    }));
  }

  private void loaded(Batch batch, Map<String, V> values, long nanos) {
    latencyNanos = 0.8 * latencyNanos + 0.2 * nanos;
    listener.batchSucceeded(batch.slots.size(), nanos);
    for (Slot slot : batch.slots) {
      V value = values.get(slot.account);
      complete(slot, value != null
          ? MissResult.loaded(value)
          : MissResult.failed(MissFailure.of(MissFailure.Reason.INTERNAL, "no value loaded", Duration.ZERO)));
    }
  }

  private void failed(Batch batch, Throwable cause, long nanos) {
    TimException failure = cause instanceof TimException e ? e
        : new TimException(TimFailureKind.TRANSIENT, TimException.NO_CODE, 0, "upstream call failed (" + cause.getClass().getSimpleName() + ")");
    if (!(cause instanceof TimException)) {
      LOG.warn("Loading a batch failed unexpectedly", cause);
    }
    listener.batchFailed(failure, nanos);
    long now = nanoTime.getAsLong();
    switch (failure.kind()) {
      case THROTTLED -> {
        limiter.pause(failure.retryAfter());
        retryOrFail(batch, failure, now + failure.retryAfter().toNanos());
      }
      case TRANSIENT -> retryOrFail(batch, failure, now + backoff(batch.attempt));
      case SIGNATURE_RENEWABLE -> {
        if (batch.renewedSignature) {
          failAll(batch, failure, MissFailure.Reason.UPSTREAM_MISCONFIGURED);
        } else {
          batch.renewedSignature = true;
          batch.dueAt = now;
          retries.add(batch);
        }
      }
      case FATAL_CONFIGURATION -> {
        listener.fatalConfiguration(failure);
        failAll(batch, failure, MissFailure.Reason.UPSTREAM_MISCONFIGURED);
      }
      case OUR_BUG -> {
        LOG.error("Tencent IM refused a batch as malformed: {}", failure.getMessage());
        failAll(batch, failure, MissFailure.Reason.UPSTREAM_REJECTED);
      }
    }
  }

  private void retryOrFail(Batch batch, TimException failure, long dueAt) {
    if (batch.attempt < options.maxRetries()) {
      batch.attempt++;
      batch.dueAt = dueAt;
      retries.add(batch);
    } else {
      failAll(batch, failure, failure.kind() == TimFailureKind.THROTTLED
          ? MissFailure.Reason.UPSTREAM_THROTTLED : MissFailure.Reason.UPSTREAM_UNAVAILABLE);
    }
  }

  private long backoff(int attempt) {
    long base = options.retryBackoff().toNanos() << Math.min(attempt, 10);
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private void failAll(Batch batch, TimException failure, MissFailure.Reason reason) {
    MissFailure missFailure = new MissFailure(reason, failure.getMessage(), failure.retryAfter(), failure.code());
    for (Slot slot : batch.slots) {
      complete(slot, MissResult.failed(missFailure));
    }
  }

  @SuppressWarnings("unchecked")
  private void complete(Slot slot, MissResult<V> result) {
    slots.remove(slot.account);
    for (Slot.Waiter waiter : slot.waiters) {
      try {
        ((MissRequest<V>) waiter.request()).set(waiter.index(), result, vertx);
      } catch (RuntimeException e) {
        LOG.error("Answering a waiter failed", e);
      }
    }
  }

  /**
   * A call's permit: its end is when the loader says the call is over (or, failing that, when the
   * load completes); it is freed once, as of that end, after the waiters have their answers.
   */
  private final class Release {

    private final Permit permit;
    private long endedAt;
    private boolean ended;

    Release(Permit permit) {
      this.permit = permit;
    }

    /** The call is over now, unless it already was. */
    void ended() {
      if (!ended) {
        ended = true;
        endedAt = nanoTime.getAsLong();
      }
    }

    /** Frees the permit as of the call's end. */
    void free() {
      limiter.release(permit, nanoTime.getAsLong() - endedAt);
    }
  }

  /** Wakes the coalescer up in {@code delayNanos}, unless an earlier wake-up is already set. */
  private void schedule(long delayNanos) {
    long at = nanoTime.getAsLong() + delayNanos;
    if (timer != null && timerAt - at <= 0) {
      return;
    }
    if (timer != null) {
      timer.cancel();
    }
    timerAt = at;
    // On Netty's scheduler to the microsecond, not Vert.x's millisecond timers: a window ends on
    // time instead of up to a millisecond late. Called on the coalescer's context, whose timer it is.
    Timer next = vertx.timer(Math.max(MIN_WAKE_UP_NANOS, delayNanos), TimeUnit.NANOSECONDS);
    timer = next;
    next.onSuccess(v -> {
      if (timer == next) {
        timer = null;
        pump();
      }
    });
  }

  private void updateDepth() {
    depth = queued;
  }

  /** Runs on the coalescer's context; a failure inside never escapes to kill the coalescer. */
  private void onContext(Runnable action) {
    Runnable guarded = () -> {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.error("Coalescer step failed; continuing", e);
        acquiring = false;
      }
    };
    if (Vertx.currentContext() == context) {
      guarded.run();
    } else {
      context.runOnContext(v -> guarded.run());
    }
  }
}
