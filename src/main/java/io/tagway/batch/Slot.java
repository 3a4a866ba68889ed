package io.tagway.batch;

import java.util.ArrayList;
import java.util.List;

/** One account that is pending or in flight, with the requests waiting for it. Coalescer-confined. */
final class Slot {

  enum State { QUEUED_INTERACTIVE, QUEUED_BACKGROUND, IN_FLIGHT, CANCELLED }

  /** A request and the index of this account in it. */
  record Waiter(MissRequest<?> request, int index) {}

  final String account;
  final long enqueuedAt;
  State state;
  final List<Waiter> waiters = new ArrayList<>(1);

  Slot(String account, State state, long enqueuedAt) {
    this.account = account;
    this.state = state;
    this.enqueuedAt = enqueuedAt;
  }
}
