package io.tagway.upstream.wire;

/** Tencent's limits on the tag commands, and the check of the one every command shares. */
public final class TagLimits {

  /** Most accounts in one call of any tag command (else 90018). */
  public static final int MAX_ACCOUNTS_PER_CALL = 100;
  /** Most tags for one account in one {@code im_add_tag} call (else 90032). */
  public static final int MAX_TAGS_PER_ADD = 10;
  /** Most tags one account may hold (an add past it answers 90032, see {@link TimError}). */
  public static final int MAX_TAGS_PER_ACCOUNT = 100;
  /** Longest tag in UTF-8 bytes (else 90020). */
  public static final int MAX_TAG_BYTES = 50;

  private TagLimits() {}

  /** Throws 90018 when a call carries more than {@value #MAX_ACCOUNTS_PER_CALL} accounts. */
  public static void checkAccountCount(int count) {
    if (count > MAX_ACCOUNTS_PER_CALL) {
      throw TimError.TOO_MANY_ACCOUNTS.failure();
    }
  }
}
