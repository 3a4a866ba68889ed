package io.tagway.cache;

import java.nio.charset.StandardCharsets;

/** JSON string literals written without an intermediate object tree. */
public final class JsonText {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonText() {}

  /**
   * The JSON string literal of {@code s} per RFC 8259, as UTF-8: {@code "} and {@code \} and the
   * control characters escaped (the short forms where JSON has one), everything else written
   * as is. A lone surrogate cannot be written as UTF-8, so it is kept as a {@code \}{@code uXXXX}
   * escape, which JSON parsers read back to the same char.
   */
  public static byte[] literal(String s) {
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

  /**
   * The length of {@link #literal}{@code (s)} when every char of {@code s} is printable ASCII
   * other than {@code "} and {@code \}, so that the literal is {@code s} itself between quotes;
   * -1 otherwise.
   */
  public static int plainLiteralLength(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return -1;
      }
    }
    return s.length() + 2;
  }

  /**
   * Writes {@link #literal}{@code (s)} of a plain {@code s} (see {@link #plainLiteralLength}) into
   * {@code out} from {@code at}; answers the index after it.
   */
  public static int putPlainLiteral(String s, byte[] out, int at) {
    out[at++] = '"';
    for (int i = 0; i < s.length(); i++) {
      out[at++] = (byte) s.charAt(i);
    }
    out[at++] = '"';
    return at;
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[c >> 12])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
