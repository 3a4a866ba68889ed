package io.tagway.upstream;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON document inside a UserSig (TLSSigAPIv2, no userbuf) and the content string its
 * {@code TLS.sig} signs.
 *
 * @param identifier the account the UserSig is for
 * @param sdkAppId the app the UserSig is for
 * @param time when it was issued, in Unix seconds
 * @param expire its lifetime in seconds, counted from {@code time}
 * @param sig standard Base64 of the HMAC-SHA256 of {@link #content()}
 */
record UserSigDocument(String identifier, long sdkAppId, long time, long expire, String sig) {

  static final String VERSION = "2.0";

  private static final String VER = "TLS.ver";
  private static final String IDENTIFIER = "TLS.identifier";
  private static final String SDKAPPID = "TLS.sdkappid";
  private static final String TIME = "TLS.time";
  private static final String EXPIRE = "TLS.expire";
  private static final String SIG = "TLS.sig";
  private static final String USERBUF = "TLS.userbuf";

  /** Longest decimal text taken for a number given as a JSON string; keeps it within a long. */
  private static final int MAX_DIGITS = 18;

  /** The text that {@code TLS.sig} is the HMAC of. */
  static String content(String identifier, long sdkAppId, long time, long expire) {
    return "TLS.identifier:" + identifier + "\n"
        + "TLS.sdkappid:" + sdkAppId + "\n"
        + "TLS.time:" + time + "\n"
        + "TLS.expire:" + expire + "\n";
  }

  /** The text that this document's {@code TLS.sig} is the HMAC of. */
  String content() {
    return content(identifier, sdkAppId, time, expire);
  }

  /** Serializes the document as UTF-8 JSON, keys in the order Tencent's Node library writes them. */
  byte[] toJson() {
    return new JsonObject()
        .put(VER, VERSION)
        .put(IDENTIFIER, identifier)
        .put(SDKAPPID, sdkAppId)
        .put(TIME, time)
        .put(EXPIRE, expire)
        .put(SIG, sig)
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a document; {@code null} unless it is a UTF-8 JSON object with {@code TLS.ver}
   * "2.0", string {@code TLS.identifier} and {@code TLS.sig}, and non-negative integer
   * {@code TLS.sdkappid}, {@code TLS.time} and {@code TLS.expire}. Key order, spacing and
   * unknown keys do not matter. Numbers are also taken as strings of canonical decimal
   * digits: no official library writes them so, and the signature covers the same text
   * either way. A {@code TLS.userbuf} makes the document malformed: IM UserSigs carry none,
   * and the signature of one that does covers content this class does not model.
   */
  static UserSigDocument parse(byte[] json) {
    JsonObject object;
    try {
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(json)).toString();
      object = new JsonObject(text);
    } catch (CharacterCodingException | DecodeException e) {
      return null;
    }
    if (!VERSION.equals(object.getValue(VER)) || object.containsKey(USERBUF)) {
      return null;
    }
    String identifier = wellFormedString(object.getValue(IDENTIFIER));
    String sig = wellFormedString(object.getValue(SIG));
    long sdkAppId = nonNegativeInteger(object.getValue(SDKAPPID));
    long time = nonNegativeInteger(object.getValue(TIME));
    long expire = nonNegativeInteger(object.getValue(EXPIRE));
    if (identifier == null || sig == null || sdkAppId < 0 || time < 0 || expire < 0) {
      return null;
    }
    return new UserSigDocument(identifier, sdkAppId, time, expire, sig);
  }

  /** Names the fields but never the signature. */
  @Override
  public String toString() {
    return "UserSigDocument[identifier=" + identifier + ", sdkAppId=" + sdkAppId
        + ", time=" + time + ", expire=" + expire + "]";
  }

  /** {@code value} as a non-negative long, or -1 when it is none. */
  private static long nonNegativeInteger(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      long n = ((Number) value).longValue();
      return n >= 0 ? n : -1;
    }
    if (value instanceof String s) {
      boolean canonical = !s.isEmpty() && s.length() <= MAX_DIGITS
          && (s.equals("0") || s.charAt(0) != '0') && s.chars().allMatch(c -> c >= '0' && c <= '9');
      return canonical ? Long.parseLong(s) : -1;
    }
    return -1;
  }

  /**
   * {@code value} if it is a string without unpaired surrogates, else {@code null}. An
   * unpaired surrogate becomes '?' in UTF-8, so two different identifiers would sign alike.
   */
  private static String wellFormedString(Object value) {
    return value instanceof String s && isWellFormed(s) ? s : null;
  }

  /** Whether every surrogate in {@code s} is part of a high-low pair. */
  static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
