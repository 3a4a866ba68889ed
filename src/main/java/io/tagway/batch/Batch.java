package io.tagway.batch;

import java.util.ArrayList;
import java.util.List;

/** Up to 100 accounts sent together, kept together through retries. Coalescer-confined. */
final class Batch {

  final List<Slot> slots;
  /** Retries made so far. */
  int attempt;
  /** When a retry may leave (nanoTime). */
  long dueAt;
  boolean renewedSignature;

  Batch(List<Slot> slots) {
    this.slots = slots;
  }

  List<String> accounts() {
    List<String> accounts = new ArrayList<>(slots.size());
    for (Slot slot : slots) {
      accounts.add(slot.account);
    }
    return accounts;
  }
}
