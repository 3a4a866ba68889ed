package io.tagway.batch;

import java.time.Duration;

/**
 * Why an account could not be resolved, with a hint of when asking again may work.
 *
 * @param reason what went wrong
 * @param message one line for the API's error body; never contains a secret
 * @param retryAfter when to try again; zero when unknown
 * @param upstreamCode Tencent's error code when the upstream answered one, otherwise 0
 */
public record MissFailure(Reason reason, String message, Duration retryAfter, int upstreamCode) {

  /** The kinds of failure a caller tells apart. */
  public enum Reason {
    /** The pending queue is full: the gateway is over capacity. */
    QUEUE_FULL,
    /** At the current upstream rate the account cannot be fetched before the caller's deadline. */
    DEADLINE_UNMEETABLE,
    /** The caller's deadline passed while the account was pending. */
    DEADLINE_EXCEEDED,
    /** The upstream failed transiently and the retries ran out. */
    UPSTREAM_UNAVAILABLE,
    /** The upstream said we call too often. */
    UPSTREAM_THROTTLED,
    /** The upstream refuses our credentials or app configuration. */
    UPSTREAM_MISCONFIGURED,
    /** The upstream refused the request as malformed. */
    UPSTREAM_REJECTED,
    /** A bug inside the gateway. */
    INTERNAL;

    /** True for failures that mean "too much load now", not "broken". */
    public boolean capacity() {
      return this == QUEUE_FULL || this == DEADLINE_UNMEETABLE || this == DEADLINE_EXCEEDED;
    }
  }

  /** A failure with no upstream code. */
  public static MissFailure of(Reason reason, String message, Duration retryAfter) {
    return new MissFailure(reason, message, retryAfter, 0);
  }
}
