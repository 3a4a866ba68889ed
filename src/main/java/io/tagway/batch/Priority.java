package io.tagway.batch;

/** Which misses go upstream first. */
public enum Priority {
  /** A caller is waiting. */
  INTERACTIVE,
  /** A background refresh of an entry that is still being served. */
  BACKGROUND
}
