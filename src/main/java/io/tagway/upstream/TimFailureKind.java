package io.tagway.upstream;

/** What a failed Tencent IM call means for the caller, and so what the caller does next. */
public enum TimFailureKind {
  /** Try again with backoff and jitter, paying a token per attempt (91000, 60008, HTTP 5xx, timeouts, resets). */
  TRANSIENT,
  /** Over Tencent's frequency limit (60007, 60011, 60018, 60019) or locked out (70050): slow down, retry later. */
  THROTTLED,
  /** The UserSig expired or was rejected as malformed (70001, 70003): it has been renewed; retry once. */
  SIGNATURE_RENEWABLE,
  /** Wrong key, app, identifier or region, or the app is disabled: no retry helps; the instance is not ready. */
  FATAL_CONFIGURATION,
  /** Tencent says the request itself is malformed (60002, 60003, 90001, ...): a bug on our side; no retry. */
  OUR_BUG
}
