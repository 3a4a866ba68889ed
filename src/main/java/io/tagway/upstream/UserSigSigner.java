package io.tagway.upstream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.Deflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Generates TLSSigAPIv2 UserSigs (HMAC-SHA256, zlib, URL-safe Base64 variant). */
public final class UserSigSigner {

  private static final String HMAC_SHA256 = "HmacSHA256";

  private final SecretKeySpec key;

  /**
   * Creates a signer for an app's secret key, used as its UTF-8 bytes (not hex-decoded).
   *
   * @throws IllegalArgumentException if the key is empty
   */
  public UserSigSigner(String secretKey) {
    Objects.requireNonNull(secretKey, "secretKey");
    if (secretKey.isEmpty()) {
      throw new IllegalArgumentException("secret key must not be empty");
    }
    this.key = new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), HMAC_SHA256);
  }

  /** Signs at zlib's default compression level; see {@link #sign(long, String, long, long, int)}. */
  public String sign(long sdkAppId, String identifier, long timeSeconds, long expireSeconds) {
    return sign(sdkAppId, identifier, timeSeconds, expireSeconds, Deflater.DEFAULT_COMPRESSION);
  }

  /**
   * Generates the UserSig for {@code identifier} in app {@code sdkAppId}, issued at
   * {@code timeSeconds} (Unix seconds) and valid for {@code expireSeconds} after it.
   *
   * @param zlibLevel 0 to 9, or -1 for zlib's default (6)
   * @throws IllegalArgumentException if a number is negative, the level is out of range, or
   *     the identifier holds an unpaired surrogate
   */
  public String sign(long sdkAppId, String identifier, long timeSeconds, long expireSeconds, int zlibLevel) {
    Objects.requireNonNull(identifier, "identifier");
    if (sdkAppId < 0 || timeSeconds < 0 || expireSeconds < 0) {
      throw new IllegalArgumentException("sdkAppId, time and expire must not be negative");
    }
    if (zlibLevel < Deflater.DEFAULT_COMPRESSION || zlibLevel > Deflater.BEST_COMPRESSION) {
      throw new IllegalArgumentException("zlib level must be -1 to 9: " + zlibLevel);
    }
    if (!UserSigDocument.isWellFormed(identifier)) {
      throw new IllegalArgumentException("identifier holds an unpaired surrogate");
    }
    String sig = tlsSig(UserSigDocument.content(identifier, sdkAppId, timeSeconds, expireSeconds));
    UserSigDocument document = new UserSigDocument(identifier, sdkAppId, timeSeconds, expireSeconds, sig);
    return UserSigCodec.encode(document.toJson(), zlibLevel);
  }

  /** {@code TLS.sig} for {@code content} under this signer's key. */
  String tlsSig(String content) {
    return hmacBase64(key, content);
  }

  /** Standard Base64 of HMAC-SHA256 of {@code content}'s UTF-8 bytes under {@code key}'s UTF-8 bytes. */
  static String hmacBase64(String key, String content) {
    return hmacBase64(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), HMAC_SHA256), content);
  }

  private static String hmacBase64(SecretKeySpec key, String content) {
    // A Mac is not thread-safe; one per call keeps the signer shareable, and costs little
    // next to the compression around it.
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(key);
      return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      // Every Java runtime must provide HmacSHA256, and the key is never empty.
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Describes the signer without revealing its key. */
  @Override
  public String toString() {
    return "UserSigSigner[key=<redacted>]";
  }
}
