package io.tagway.cache;

/**
 * Redis key names of the L2 cache: {@code tw:<sdkAppId>:{<account>}}, e.g.
 * {@code tw:1400000000:{u42}}.
 *
 * <p>The account sits inside a {@code {...}} hash tag so that on Redis Cluster all keys of one
 * account (its data, and later its invalidation sequence {@code tw:<sdkAppId>:{<account>}:inv})
 * land in one slot and one Lua script may touch them together. Accounts are stored verbatim, so
 * keys stay readable in {@code redis-cli}. Cluster takes the text between the first {@code {} and
 * the first {@code }} after it as the tag, which gives these edge cases:
 *
 * <ul>
 *   <li>an account containing {@code {} is harmless: ours is the first {@code {};
 *   <li>an account containing {@code }} after its first character truncates the tag
 *       ({@code a}b} hashes as {@code a}): the account shares a slot with others, which costs
 *       nothing, and all its own keys still share that slot;
 *   <li>an account starting with {@code }} gives an empty tag, so Cluster hashes each whole key
 *       and an account's keys may land in different slots. Standalone and Sentinel Redis do not
 *       care; a Cluster deployment must keep such accounts out of multi-key scripts.
 * </ul>
 *
 * <p>Distinct accounts always give distinct keys: the prefix is fixed and the account runs to the
 * closing brace that ends the key.
 */
public final class L2Keys {

  /** Longest account, in UTF-8 bytes, Tencent IM accepts. */
  public static final int MAX_ACCOUNT_BYTES = 32;

  private L2Keys() {
  }

  /** The data key of one account; throws {@link IllegalArgumentException} for an invalid account. */
  public static String key(long sdkAppId, String account) {
    if (!validAccount(account)) {
      throw new IllegalArgumentException("not a cacheable account: 1 to " + MAX_ACCOUNT_BYTES
          + " UTF-8 bytes without control characters");
    }
    return "tw:" + sdkAppId + ":{" + account + "}";
  }

  /** The key holding the sequence of the account's latest invalidation; same hash slot as its data. */
  public static String invalidationKey(long sdkAppId, String account) {
    return key(sdkAppId, account) + ":inv";
  }

  /** True for 1 to 32 UTF-8 bytes with no control character and no unpaired surrogate. */
  public static boolean validAccount(String account) {
    return AccountNames.problem(account, MAX_ACCOUNT_BYTES) == null;
  }

}
