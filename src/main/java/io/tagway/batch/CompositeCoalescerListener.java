package io.tagway.batch;

import io.tagway.upstream.TimException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each of several listeners (readiness, metrics) what the coalescer reports, in order. A
 * listener that throws is logged and skipped: it never keeps the others from hearing the event, nor
 * breaks the coalescer step that reported it. Events come at most once per batch or limiter wait,
 * so the lambda per event costs nothing that matters.
 */
public final class CompositeCoalescerListener implements CoalescerListener {

  private static final Logger LOG = LoggerFactory.getLogger(CompositeCoalescerListener.class);

  private final List<CoalescerListener> listeners;

  /** Reports to each of {@code listeners}, in order. */
  public CompositeCoalescerListener(List<? extends CoalescerListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void batchSent(int accounts, int attempt) {
    each(listener -> listener.batchSent(accounts, attempt));
  }

  @Override
  public void batchSucceeded(int accounts, long nanos) {
    each(listener -> listener.batchSucceeded(accounts, nanos));
  }

  @Override
  public void batchFailed(TimException failure, long nanos) {
    each(listener -> listener.batchFailed(failure, nanos));
  }

  @Override
  public void fatalConfiguration(TimException failure) {
    each(listener -> listener.fatalConfiguration(failure));
  }

  @Override
  public void rejected(MissFailure.Reason reason, int accounts) {
    each(listener -> listener.rejected(reason, accounts));
  }

  @Override
  public void rateLimited(long waitNanos) {
    each(listener -> listener.rateLimited(waitNanos));
  }

  private void each(Consumer<CoalescerListener> event) {
    for (CoalescerListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.error("Coalescer listener {} failed; the others still hear the event", listener.getClass().getName(), e);
      }
    }
  }
}
