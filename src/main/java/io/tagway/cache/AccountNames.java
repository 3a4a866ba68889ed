package io.tagway.cache;

/** What an account name may be: the one rule the API, the caches and Redis keys share. */
public final class AccountNames {

  private AccountNames() {}

  /**
   * Null when {@code account} is 1 to {@code maxBytes} UTF-8 bytes of valid Unicode without control
   * characters or U+FFFD, otherwise why not. Allocates nothing, so the hot path can afford it.
   */
  public static String problem(String account, int maxBytes) {
    if (account == null || account.isEmpty()) {
      return "an account must not be empty";
    }
    int bytes = 0;
    for (int i = 0; i < account.length(); i++) {
      char c = account.charAt(i);
      if (Character.isISOControl(c)) {
        return "an account must not contain control characters";
      }
      if (c == '\uFFFD') {
        // What a decoder puts in place of bytes that are not UTF-8: the account sent is unknown.
        return "an account must be valid UTF-8 and must not contain U+FFFD";
      }
      if (Character.isHighSurrogate(c) && i + 1 < account.length() && Character.isLowSurrogate(account.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return "an account must be valid Unicode";
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
      if (bytes > maxBytes) {
        return "an account must be at most " + maxBytes + " bytes";
      }
    }
    return null;
  }
}
