package io.tagway.upstream;

import java.time.Duration;

/**
 * A failed Tencent IM call, classified. Stackless: these are expected on hot paths. The message is
 * built by us and never contains the request URL, so it never carries the UserSig.
 */
public final class TimException extends RuntimeException {

  /** {@link #code()} of a failure that has no Tencent error code (timeouts, resets, HTTP errors). */
  public static final int NO_CODE = 0;

  private final TimFailureKind kind;
  private final int code;
  private final int httpStatus;

  /** A failure of the given kind with Tencent's code (or {@link #NO_CODE}) and HTTP status (or 0). */
  public TimException(TimFailureKind kind, int code, int httpStatus, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** Tencent answered {@code ActionStatus: FAIL} with this code. */
  public static TimException fromCode(int code, String errorInfo) {
    return new TimException(TimErrorCodes.classify(code), code, 200, "Tencent IM error " + code + ": " + errorInfo);
  }

  /** What the caller should do about it. */
  public TimFailureKind kind() {
    return kind;
  }

  /** Tencent's error code, or {@link #NO_CODE}. */
  public int code() {
    return code;
  }

  /** The HTTP status of the answer, or 0 when none arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** For throttling: how long to stay away before the next attempt. */
  public Duration retryAfter() {
    return kind == TimFailureKind.THROTTLED ? TimErrorCodes.backoff(code) : Duration.ZERO;
  }
}
