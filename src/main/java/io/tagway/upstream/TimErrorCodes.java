package io.tagway.upstream;

import java.time.Duration;

/** Tencent IM error codes (UPSTREAM.md) mapped to what the gateway does about them. */
public final class TimErrorCodes {

  /** Tencent's "call frequency over the limit" family. */
  public static final int FREQUENCY_LIMIT = 60007;
  /** Too many bad signatures: Tencent refuses the app for a minute. */
  public static final int SIGNATURE_LOCKOUT = 70050;
  /** UserSig expired. */
  public static final int USERSIG_EXPIRED = 70001;
  /** Internal error: retry. */
  public static final int INTERNAL_ERROR = 91000;

  private TimErrorCodes() {}

  /** The kind of failure a Tencent error code stands for; unknown codes count as transient. */
  public static TimFailureKind classify(int code) {
    return switch (code) {
      case 60007, 60011, 60018, 60019, 70050 -> TimFailureKind.THROTTLED;
      case 70001, 70003 -> TimFailureKind.SIGNATURE_RENEWABLE;
      case 70009, 70013, 70014, 70016, 70020,
          60006, 60010, 60016, 60017, 60020, 60021,
          90009, 90045 -> TimFailureKind.FATAL_CONFIGURATION;
      case 60002, 60003, 60009, 60012, 60015, 90001, 90018, 90020, 90032 -> TimFailureKind.OUR_BUG;
      default -> TimFailureKind.TRANSIENT;
    };
  }

  /** The kind of failure an HTTP status other than 200 stands for. */
  public static TimFailureKind classifyHttpStatus(int status) {
    if (status == 429) {
      return TimFailureKind.THROTTLED;
    } else if (status == 401 || status == 403 || status == 404) {
      // A wrong base URL or a proxy refusing us: no retry will help.
      return TimFailureKind.FATAL_CONFIGURATION;
    } else if (status >= 400 && status < 500) {
      return TimFailureKind.OUR_BUG;
    }
    return TimFailureKind.TRANSIENT;
  }

  /** How long to stay away after a throttling code: a minute after 70050, a second otherwise. */
  public static Duration backoff(int code) {
    return code == SIGNATURE_LOCKOUT ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
  }
}
