package io.tagway.cache;

import java.nio.charset.StandardCharsets;

/**
 * One tag and its JSON string literal, encoded once when the tag enters a {@link TagSet} so that
 * writing a response only copies bytes. Equal by tag value.
 */
final class JsonTag {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  final String value;
  /** The quoted, escaped literal in UTF-8, e.g. {@code "a\"b"}; never modified. */
  final byte[] json;

  JsonTag(String value) {
    this.value = value;
    this.json = encode(value);
  }

  /**
   * The JSON string literal of {@code s} per RFC 8259, as UTF-8: {@code "} and {@code \} and the
   * control characters escaped (the short forms where JSON has one), everything else written
   * as is. A lone surrogate cannot be written as UTF-8, so it is kept as a {@code \}{@code uXXXX}
   * escape, which JSON parsers read back to the same char.
   */
  static byte[] encode(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[c >> 12])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonTag other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
