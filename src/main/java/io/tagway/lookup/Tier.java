package io.tagway.lookup;

/** Where an account's tags came from; the API reports it as {@code X-Cache}. */
public enum Tier {
  /** The in-process cache. */
  L1,
  /** Redis. */
  L2,
  /** A fresh upstream call. */
  MISS,
  /** An expired copy, served because the upstream failed. */
  STALE
}
