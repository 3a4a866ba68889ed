package io.tagway.upstream.wire;

/**
 * The Tencent IM error codes that the emulator and the gateway's Tencent-compatible endpoint answer
 * with, besides the UserSig codes (70001, 70003, 70009, 70013, 70014) that come from the UserSig
 * verifier.
 *
 * <p>Where Tencent documents the code for a case, it is used. Where it does not, the choice is the
 * closest documented code and says so here.
 */
public enum TimError {
  /**
   * 60002, "HTTP parse error, check the request URL": a required query parameter ({@code
   * identifier}, {@code usersig}, {@code random}, {@code contenttype}) is missing or repeated,
   * {@code sdkappid} is not a number, {@code random} is not an unsigned 32-bit decimal integer, or
   * {@code contenttype} is not the literal {@code json}. Our choice: Tencent documents no code per
   * parameter.
   */
  QUERY_MALFORMED(60002, "HTTP parse error: check the request URL"),
  /** 60007: more calls than the per-app, per-command limit over a sliding second. */
  RATE_LIMITED(60007, "REST API call frequency over the limit"),
  /** 60012: the request URL carries no {@code sdkappid}. */
  SDKAPPID_MISSING(60012, "REST API requires an SDKAppID in the URL"),
  /**
   * 70016, "key does not exist, UserSig verification failed": an SDKAppID this server does not
   * serve, as Tencent answers for an app of another data centre (70020 is its sibling).
   */
  SDKAPPID_UNKNOWN(70016, "No key for this SDKAppID in this data centre"),
  /** 90001: the body is not valid JSON or not of the documented shape. */
  BODY_MALFORMED(90001, "Request body is not valid JSON or not of the documented shape"),
  /** 90009: the identifier is not an app admin. */
  NOT_ADMIN(90009, "Identifier is not an app admin"),
  /** 90018: more than 100 accounts in one call. */
  TOO_MANY_ACCOUNTS(90018, "More than 100 accounts in one request"),
  /** 90020: a tag longer than 50 bytes (UTF-8). */
  TAG_TOO_LONG(90020, "A tag is longer than 50 bytes"),
  /**
   * 90032: more than 10 tags for one account in one add, and (our choice, since Tencent
   * documents no separate code) an add that would leave an account with more than 100 tags. The
   * ErrorInfo tells the two apart.
   */
  TOO_MANY_TAGS(90032, "More than 10 tags for one account in one request"),
  /**
   * 91000: internal error, retry. The emulator answers it only as an injected fault; the gateway
   * when it cannot get the tags of some account.
   */
  INTERNAL_ERROR(91000, "Internal error, retry");

  private final int code;
  private final String info;

  TimError(int code, String info) {
    this.code = code;
    this.info = info;
  }

  /** The numeric ErrorCode. */
  public int code() {
    return code;
  }

  /** The default ErrorInfo. */
  public String info() {
    return info;
  }

  /** A failure with this code and the default ErrorInfo. */
  public TimFailure failure() {
    return new TimFailure(code, info);
  }

  /** A failure with this code and a specific ErrorInfo. */
  public TimFailure failure(String detail) {
    return new TimFailure(code, detail);
  }
}
