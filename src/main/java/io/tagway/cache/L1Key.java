package io.tagway.cache;

/**
 * The key of an account's L1 entry. A name of up to 16 ASCII characters (none of them NUL), which
 * is what most account names are, is packed into one or two longs: 24 or 32 bytes per entry
 * instead of the 48 or more of a String and its byte array. Any other name is its own String.
 * A name always gets the same kind of key, so keys of different kinds never need to be equal.
 * Every key hashes as the name's String does.
 */
final class L1Key {

  private L1Key() {}

  /** The key of {@code account}. */
  static Object of(String account) {
    int length = account.length();
    if (length > 16) {
      return account;
    }
    long low = 0;
    long high = 0;
    for (int i = 0; i < length; i++) {
      char c = account.charAt(i);
      if (c == 0 || c > 0x7f) {
        return account;
      }
      if (i < 8) {
        low |= (long) c << (8 * i);
      } else {
        high |= (long) c << (8 * (i - 8));
      }
    }
    return length <= 8 ? new Chars8(low, account.hashCode()) : new Chars16(low, high, account.hashCode());
  }

  /** Up to 8 characters, one per byte, the first in the lowest; 24 bytes with its header. */
  static final class Chars8 {
    private final long chars;
    private final int hash;

    Chars8(long chars, int hash) {
      this.chars = chars;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Chars8 key && key.chars == chars;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return decode(chars, 0);
    }
  }

  /** 9 to 16 characters in two longs; 32 bytes with its header. */
  static final class Chars16 {
    private final long low;
    private final long high;
    private final int hash;

    Chars16(long low, long high, int hash) {
      this.low = low;
      this.high = high;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Chars16 key && key.low == low && key.high == high;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return decode(low, high);
    }
  }

  private static String decode(long low, long high) {
    StringBuilder name = new StringBuilder(16);
    for (long part : new long[] {low, high}) {
      for (int i = 0; i < 8 && (part >>> (8 * i) & 0xff) != 0; i++) {
        name.append((char) (part >>> (8 * i) & 0xff));
      }
    }
    return name.toString();
  }
}
