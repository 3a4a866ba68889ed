package io.tagway.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * The value format of an L2 entry, version 1: {@code 1|<fetchedAtMillis in base 36>|<tags>}, where
 * each tag is written as its length in UTF-16 code units, a colon, and the tag itself, with no
 * separator between tags. {@code ["a|b", ""]} fetched at 1700000000000 is
 * {@code 1|loyw3v28|3:a|b0:}; no tags at all leaves the last part empty.
 *
 * <p>Length prefixes make any tag content unambiguous ({@code |}, {@code ,}, {@code :}, quotes,
 * digits) without escaping. A later format changes the leading version, and a reader that does not
 * know it treats the value as a miss.
 */
final class L2Codec {

  static final String VERSION = "1";
  private static final int RADIX = 36;

  private L2Codec() {
  }

  /** The stored form of an entry. */
  static String encode(L2Entry entry) {
    StringBuilder out = new StringBuilder(16 + entry.tags().size() * 12)
        .append(VERSION).append('|')
        .append(Long.toString(entry.fetchedAtMillis(), RADIX)).append('|');
    for (String tag : entry.tags()) {
      out.append(tag.length()).append(':').append(tag);
    }
    return out.toString();
  }

  /** The entry a stored value holds, or null when the value is not one this version can read. */
  static L2Entry decode(String value) {
    if (value == null || !value.startsWith(VERSION + "|")) {
      return null;
    }
    int timeStart = VERSION.length() + 1;
    int timeEnd = value.indexOf('|', timeStart);
    if (timeEnd <= timeStart || timeEnd - timeStart > 13) {
      return null;
    }
    long fetchedAt = parseTime(value, timeStart, timeEnd);
    List<String> tags = fetchedAt < 0 ? null : parseTags(value, timeEnd + 1);
    return tags == null ? null : new L2Entry(tags, fetchedAt);
  }

  private static long parseTime(String value, int start, int end) {
    long millis = 0;
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : -1;
      if (digit < 0 || millis > (Long.MAX_VALUE - digit) / RADIX) {
        return -1;
      }
      millis = millis * RADIX + digit;
    }
    return millis;
  }

  private static List<String> parseTags(String value, int from) {
    List<String> tags = new ArrayList<>();
    int pos = from;
    while (pos < value.length()) {
      int colon = value.indexOf(':', pos);
      if (colon <= pos || colon - pos > 9) {
        return null;
      }
      int length = 0;
      for (int i = pos; i < colon; i++) {
        char c = value.charAt(i);
        if (c < '0' || c > '9') {
          return null;
        }
        length = length * 10 + (c - '0');
      }
      int end = colon + 1 + length;
      if (end > value.length()) {
        return null;
      }
      tags.add(value.substring(colon + 1, end));
      pos = end;
    }
    return tags;
  }
}
