package io.tagway.cache;

/**
 * An account's L1 entry, which is also its key: the map holds one object per account rather than a
 * key and a value. Equal to, and hashing as, any entry of the same account name, whatever it holds.
 *
 * <p>A name of up to 16 ASCII characters (none of them NUL), which is what most account names are,
 * is packed into one or two longs; any other name is kept as its String. A name always gets the
 * same kind of entry, so entries of different kinds never need to be equal. With compressed
 * references an entry is 32 bytes (40 for 9 to 16 characters, 32 plus the String for the others).
 *
 * <p>The tags and their fetch time change together, in place, when newer tags arrive: only under
 * the map's lock for this key ({@link L1Cache} updates it in {@code merge}), tags first, then the
 * volatile time. A reader that reads the time first and the tags after never pairs a time with
 * tags fetched before it: at worst newer tags with an older time, which only makes them look older.
 */
abstract class L1Entry implements L1Cache.Lookup {

  private TagSet tags;
  private volatile long fetchedAt;

  private L1Entry(TagSet tags, long fetchedAt) {
    this.tags = tags;
    this.fetchedAt = fetchedAt;
  }

  /** An entry of {@code account} holding {@code tags}, fetched at {@code fetchedAt} on the cache's ticker. */
  static L1Entry of(String account, TagSet tags, long fetchedAt) {
    int length = account.length();
    if (length > 16) {
      return new Named(account, tags, fetchedAt);
    }
    long low = 0;
    long high = 0;
    for (int i = 0; i < length; i++) {
      char c = account.charAt(i);
      if (c == 0 || c > 0x7f) {
        return new Named(account, tags, fetchedAt);
      }
      if (i < 8) {
        low |= (long) c << (8 * i);
      } else {
        high |= (long) c << (8 * (i - 8));
      }
    }
    return length <= 8 ? new Chars8(low, tags, fetchedAt) : new Chars16(low, high, tags, fetchedAt);
  }

  /** An entry to look {@code account} up with: it holds nothing. */
  static L1Entry probe(String account) {
    return of(account, null, 0);
  }

  /** When the tags were fetched, on the cache's ticker. Read it before {@link #tags()}. */
  final long fetchedAt() {
    return fetchedAt;
  }

  @Override
  public final TagSet tags() {
    return tags;
  }

  /** A fresh entry is its own lookup; a stale one is wrapped with its state. */
  @Override
  public final L1Cache.State state() {
    return L1Cache.State.FRESH;
  }

  /** Holds {@code newer}'s tags and fetch time from now on. Only under the map's lock for this key. */
  final void replaceWith(L1Entry newer) {
    this.tags = newer.tags;
    this.fetchedAt = newer.fetchedAt;
  }

  /** The account's name. */
  abstract String account();

  /** The hash code of the account's name as a String, which the TTL jitter is drawn from. */
  abstract int accountHash();

  @Override
  public final String toString() {
    return account() + " FRESH " + tags;
  }

  /** A well-mixed hash of the packed characters, for the map. */
  private static int mix(long low, long high) {
    long h = (low * 0x9E3779B97F4A7C15L + high) * 0xC2B2AE3D27D4EB4FL;
    return (int) (h ^ (h >>> 32));
  }

  /** The String hash of up to 8 packed characters after the hash {@code h} of those before them. */
  private static int stringHash(int h, long chars) {
    for (int i = 0; i < 8 && (chars >>> (8 * i) & 0xff) != 0; i++) {
      h = 31 * h + (int) (chars >>> (8 * i) & 0xff);
    }
    return h;
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

  /** Up to 8 characters, one per byte, the first in the lowest. */
  static final class Chars8 extends L1Entry {
    private final long chars;

    Chars8(long chars, TagSet tags, long fetchedAt) {
      super(tags, fetchedAt);
      this.chars = chars;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Chars8 entry && entry.chars == chars;
    }

    @Override
    public int hashCode() {
      return mix(chars, 0);
    }

    @Override
    String account() {
      return decode(chars, 0);
    }

    @Override
    int accountHash() {
      return stringHash(0, chars);
    }
  }

  /** 9 to 16 characters in two longs. */
  static final class Chars16 extends L1Entry {
    private final long low;
    private final long high;

    Chars16(long low, long high, TagSet tags, long fetchedAt) {
      super(tags, fetchedAt);
      this.low = low;
      this.high = high;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Chars16 entry && entry.low == low && entry.high == high;
    }

    @Override
    public int hashCode() {
      return mix(low, high);
    }

    @Override
    String account() {
      return decode(low, high);
    }

    @Override
    int accountHash() {
      return stringHash(stringHash(0, low), high);
    }
  }

  /** Any other name. */
  static final class Named extends L1Entry {
    private final String name;

    Named(String name, TagSet tags, long fetchedAt) {
      super(tags, fetchedAt);
      this.name = name;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Named entry && entry.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    String account() {
      return name;
    }

    @Override
    int accountHash() {
      return name.hashCode();
    }
  }
}
