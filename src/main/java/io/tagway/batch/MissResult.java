package io.tagway.batch;

/**
 * The outcome for one account: its value, or why there is none.
 *
 * @param value the loaded value; null when failed
 * @param failure why it failed; null when loaded
 */
public record MissResult<V>(V value, MissFailure failure) {

  /** A loaded value. */
  public static <V> MissResult<V> loaded(V value) {
    return new MissResult<>(value, null);
  }

  /** A failure. */
  public static <V> MissResult<V> failed(MissFailure failure) {
    return new MissResult<>(null, failure);
  }

  /** True when a value was loaded. */
  public boolean ok() {
    return failure == null;
  }
}
