package io.tagway.upstream;

/** Outcome of checking a caller's UserSig, with Tencent's error code for each failure. */
public enum UserSigStatus {
  /** The UserSig is genuine, for this app and identifier, and not expired. */
  VALID(0, "OK"),
  /** The UserSig cannot be decoded or does not have the documented fields and types. */
  MALFORMED(70003, "UserSig is malformed or truncated"),
  /** The UserSig was issued for another SDKAppID. */
  SDKAPPID_MISMATCH(70014, "SDKAppID in the request does not match the UserSig"),
  /** The UserSig was issued for another identifier. */
  IDENTIFIER_MISMATCH(70013, "identifier in the request does not match the UserSig"),
  /** The UserSig's lifetime has passed. */
  EXPIRED(70001, "UserSig expired"),
  /** The UserSig's signature does not verify with the app's secret key. */
  BAD_SIGNATURE(70009, "UserSig verification failed");

  private final int tencentCode;
  private final String message;

  UserSigStatus(int tencentCode, String message) {
    this.tencentCode = tencentCode;
    this.message = message;
  }

  /** Tencent's {@code ErrorCode} for this outcome; 0 for {@link #VALID}. */
  public int tencentCode() {
    return tencentCode;
  }

  /** Short English {@code ErrorInfo} text in Tencent's style; never holds a signature or key. */
  public String message() {
    return message;
  }
}
