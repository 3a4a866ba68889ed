package io.tagway.cache;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link L1Cache#sweep()} periodically on a worker thread, so that entries past their grace
 * leave memory: a sweep walks every entry (about 0.1 s for a million), which no event loop may do.
 * A sweep still running when the next is due lets it pass.
 */
public final class L1Sweeper {

  /** How often the gateway sweeps. */
  public static final Duration INTERVAL = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(L1Sweeper.class);

  private L1Sweeper() {}

  /** Sweeps {@code l1} every {@code interval} until Vert.x closes; returns the timer's id. */
  public static long start(Vertx vertx, L1Cache l1, Duration interval) {
    AtomicBoolean sweeping = new AtomicBoolean();
    return vertx.setPeriodic(interval.toMillis(), id -> {
      if (sweeping.compareAndSet(false, true)) {
        vertx.executeBlocking(l1::sweep, false)
            .onSuccess(removed -> LOG.debug("L1 sweep removed {} entries past their grace", removed))
            .onFailure(failure -> LOG.warn("L1 sweep failed", failure))
            .onComplete(done -> sweeping.set(false));
      }
    });
  }
}
