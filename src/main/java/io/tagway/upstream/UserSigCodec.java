package io.tagway.upstream;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The outer envelope of a UserSig: the JSON document zlib-compressed (with header), then
 * standard Base64 with {@code +}, {@code /}, {@code =} replaced by {@code *}, {@code -},
 * {@code _}.
 */
final class UserSigCodec {

  /** Longest UserSig accepted for decoding; real ones are about 200 characters. */
  static final int MAX_USERSIG_CHARS = 8 * 1024;

  /** Largest document accepted after inflating; bounds the work a zip bomb can cause. */
  static final int MAX_DOCUMENT_BYTES = 16 * 1024;

  private UserSigCodec() {}

  /** Compresses {@code document} at {@code zlibLevel} (0 to 9, or -1 for zlib's default) and encodes it. */
  static String encode(byte[] document, int zlibLevel) {
    Deflater deflater = new Deflater(zlibLevel);
    try {
      deflater.setInput(document);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(document.length + 64);
      byte[] chunk = new byte[512];
      while (!deflater.finished()) {
        int n = deflater.deflate(chunk);
        out.write(chunk, 0, n);
      }
      return toUrlVariant(Base64.getEncoder().encodeToString(out.toByteArray()));
    } finally {
      deflater.end();
    }
  }

  /**
   * Decodes and inflates {@code userSig}; {@code null} when it is not the canonical encoding
   * (padding optional) of exactly one complete zlib stream of at most
   * {@link #MAX_DOCUMENT_BYTES}.
   */
  static byte[] decode(String userSig) {
    if (userSig == null || userSig.isEmpty() || userSig.length() > MAX_USERSIG_CHARS
        || !inAlphabet(userSig)) {
      return null;
    }
    String base64 = fromUrlVariant(userSig);
    byte[] compressed;
    try {
      compressed = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!isCanonical(base64, compressed)) {
      return null;
    }
    return inflate(compressed);
  }

  /**
   * Whether {@code base64} is the one encoding of {@code bytes}, padded or not. The JDK's
   * decoder ignores stray low bits in the last character, which would let several strings
   * stand for the same UserSig.
   */
  private static boolean isCanonical(String base64, byte[] bytes) {
    String canonical = Base64.getEncoder().encodeToString(bytes);
    return base64.equals(canonical) || base64.equals(Base64.getEncoder().withoutPadding().encodeToString(bytes));
  }

  private static byte[] inflate(byte[] compressed) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(compressed);
      // One byte of room beyond the limit tells "exactly at the limit" from "over it".
      byte[] out = new byte[MAX_DOCUMENT_BYTES + 1];
      int length = 0;
      while (!inflater.finished() && length < out.length) {
        int n = inflater.inflate(out, length, out.length - length);
        if (n == 0 && !inflater.finished()) {
          return null; // truncated input, or a preset dictionary we do not have
        }
        length += n;
      }
      if (!inflater.finished() || length > MAX_DOCUMENT_BYTES || inflater.getRemaining() > 0) {
        return null;
      }
      return Arrays.copyOf(out, length);
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  /**
   * Whether {@code userSig} uses only the variant's alphabet. Plain {@code +}, {@code /} and
   * {@code =} are refused so that each UserSig has a single spelling.
   */
  private static boolean inAlphabet(String userSig) {
    for (int i = 0; i < userSig.length(); i++) {
      char c = userSig.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '*' || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String toUrlVariant(String base64) {
    return base64.replace('+', '*').replace('/', '-').replace('=', '_');
  }

  private static String fromUrlVariant(String userSig) {
    return userSig.replace('*', '+').replace('-', '/').replace('_', '=');
  }
}
