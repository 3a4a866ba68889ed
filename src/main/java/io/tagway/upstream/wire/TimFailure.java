package io.tagway.upstream.wire;

/**
 * A tag command that ends with {@code "ActionStatus":"FAIL"}: the Tencent ErrorCode and ErrorInfo
 * to answer. Stackless: it is an expected outcome, not a bug.
 */
public final class TimFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;

  /** A failure answering {@code code} with {@code info} as ErrorInfo. */
  public TimFailure(int code, String info) {
    super(info, null, false, false);
    this.code = code;
  }

  /** The Tencent ErrorCode. */
  public int code() {
    return code;
  }

  /** The ErrorInfo. */
  public String info() {
    return getMessage();
  }
}
