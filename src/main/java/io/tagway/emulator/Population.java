package io.tagway.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The emulator's seeded synthetic population: which accounts exist and which tags each one starts
 * with. A pure function of the account name, the seed and the population size, so that any test or
 * tool can recompute the truth without asking the emulator.
 *
 * <p>The algorithm, exactly (all arithmetic on 64-bit two's-complement integers, {@code >>>} is an
 * unsigned shift, overflow wraps):
 *
 * <ol>
 *   <li>An account exists when it is {@code "u"} followed by the canonical decimal form of a number
 *       {@code n} with {@code 0 <= n < users} (no sign, no leading zeros: {@code u0}, {@code u17},
 *       never {@code u017}). Every other account has no tags.
 *   <li>{@code h} = FNV-1a 64 of the account's UTF-8 bytes: start at {@code 0xcbf29ce484222325}; for
 *       each byte {@code b} (as 0..255): {@code h = (h ^ b) * 0x100000001b3}.
 *   <li>{@code state = h ^ seed}. SplitMix64 then yields a stream: {@code next()} does {@code state
 *       += 0x9e3779b97f4a7c15; z = state; z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >>>
 *       27)) * 0x94d049bb133111eb; return z ^ (z >>> 31)}.
 *   <li>The tag count is {@code 1 + unsignedRemainder(next(), 5)}, so 1 to 5.
 *   <li>Then, until that many distinct tags are chosen: {@code k = unsignedRemainder(next(), 1000)};
 *       the tag {@code "t" + k} is appended unless already chosen (a repeat is skipped and drawing
 *       continues). The answer keeps drawing order.
 * </ol>
 *
 * <p>Example: with seed 42 the answer for {@code u0} is whatever this class computes; the test
 * {@code EmulatorPopulationTest} pins a few values so that the algorithm never drifts silently.
 */
public final class Population {

  /** Number of distinct tags in the vocabulary: {@code t0} to {@code t999}. */
  public static final int TAG_VOCABULARY = 1000;
  /** Fewest tags an existing account starts with. */
  public static final int MIN_TAGS = 1;
  /** Most tags an existing account starts with. */
  public static final int MAX_TAGS = 5;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private final long seed;
  private final int users;

  /** A population of {@code users} accounts {@code u0} to {@code u(users-1)} drawn with {@code seed}. */
  public Population(long seed, int users) {
    if (users < 0) {
      throw new IllegalArgumentException("users must be >= 0, got " + users);
    }
    this.seed = seed;
    this.users = users;
  }

  /** The seed this population was drawn with. */
  public long seed() {
    return seed;
  }

  /** The number of accounts in this population. */
  public int users() {
    return users;
  }

  /** The name of the account with index {@code index}: {@code "u" + index}. */
  public static String account(int index) {
    return "u" + index;
  }

  /** Whether {@code account} belongs to this population (see the class doc, step 1). */
  public boolean exists(String account) {
    return indexOf(account, users) >= 0;
  }

  /** The initial tags of {@code account}: immutable, distinct, in drawing order; empty if unknown. */
  public List<String> tagsOf(String account) {
    return tagsOf(account, seed, users);
  }

  /** The pure function behind {@link #tagsOf(String)}, for callers without an instance. */
  public static List<String> tagsOf(String account, long seed, int users) {
    if (indexOf(account, users) < 0) {
      return List.of();
    }
    long[] state = {fnv1a64(account.getBytes(StandardCharsets.UTF_8)) ^ seed};
    int count = MIN_TAGS + (int) Long.remainderUnsigned(next(state), MAX_TAGS - MIN_TAGS + 1);
    List<String> tags = new ArrayList<>(count);
    while (tags.size() < count) {
      String tag = "t" + Long.remainderUnsigned(next(state), TAG_VOCABULARY);
      if (!tags.contains(tag)) {
        tags.add(tag);
      }
    }
    return Collections.unmodifiableList(tags);
  }

  /** FNV-1a 64 of {@code bytes}. */
  static long fnv1a64(byte[] bytes) {
    long h = FNV_OFFSET;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  /** One SplitMix64 step on {@code state[0]}. */
  private static long next(long[] state) {
    state[0] += GOLDEN_GAMMA;
    long z = state[0];
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The index of {@code account} if it is {@code u<n>} in canonical form with {@code n < users}, else -1. */
  private static int indexOf(String account, int users) {
    int length = account.length();
    if (length < 2 || length > 11 || account.charAt(0) != 'u') {
      return -1;
    }
    if (account.charAt(1) == '0' && length > 2) {
      return -1;
    }
    long n = 0;
    for (int i = 1; i < length; i++) {
      char c = account.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n < users ? (int) n : -1;
  }
}
