package io.tagway.upstream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Objects;

/**
 * Verifies a caller's UserSig in Tencent's order: decode/parse (MALFORMED), sdkappid,
 * identifier, expiry, signature.
 *
 * <p>A UserSig issued in the future (its {@code TLS.time} after the clock) is accepted, as
 * Tencent's libraries do: clocks differ between machines, and the signature already proves
 * the key holder chose that time. Thread-safe.
 *
 * <p>A caller sends the same UserSig with every call until it renews it, and decoding it (Base64,
 * zlib, JSON) and computing its HMAC took about 3.3 us a call. So the documents of the last
 * {@value #REMEMBERED} UserSigs found valid are kept, by their exact text: one of them is checked
 * again for app, identifier and expiry, which depend on the call and the time, but not decoded or
 * signed again, since the same text always holds the same document and signature. Only valid ones
 * are kept, so a caller cannot fill the cache without the key.
 */
public final class UserSigVerifier {

  /** How many valid UserSigs are remembered: callers of one app use a handful. */
  static final int REMEMBERED = 1024;

  private final UserSigSigner signer;
  private final Clock clock;
  private final Cache<String, UserSigDocument> valid =
      Caffeine.newBuilder().maximumSize(REMEMBERED).executor(Runnable::run).build();

  /** Creates a verifier for an app's secret key, reading the time from {@code clock}. */
  public UserSigVerifier(String secretKey, Clock clock) {
    this.signer = new UserSigSigner(secretKey);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks that {@code userSig} is a genuine, unexpired UserSig for {@code identifier} in app
   * {@code sdkAppId}. Never throws: any input that cannot be decoded is {@link
   * UserSigStatus#MALFORMED}, and a {@code null} identifier matches no UserSig.
   */
  public UserSigStatus verify(String userSig, long sdkAppId, String identifier) {
    UserSigDocument known = userSig == null ? null : valid.getIfPresent(userSig);
    UserSigDocument document = known;
    if (document == null) {
      byte[] json = UserSigCodec.decode(userSig);
      document = json == null ? null : UserSigDocument.parse(json);
      if (document == null) {
        return UserSigStatus.MALFORMED;
      }
    }
    if (document.sdkAppId() != sdkAppId) {
      return UserSigStatus.SDKAPPID_MISMATCH;
    }
    if (!document.identifier().equals(identifier)) {
      return UserSigStatus.IDENTIFIER_MISMATCH;
    }
    // Both sides of the subtraction are non-negative, so it cannot overflow where
    // time + expire could.
    long now = Math.max(0, clock.instant().getEpochSecond());
    if (now - document.time() > document.expire()) {
      return UserSigStatus.EXPIRED;
    }
    if (known != null) {
      return UserSigStatus.VALID;
    }
    byte[] expected = signer.tlsSig(document.content()).getBytes(StandardCharsets.US_ASCII);
    byte[] given = document.sig().getBytes(StandardCharsets.UTF_8);
    // Compares the Base64 text, not the decoded bytes, so that no second spelling of a
    // signature passes; in constant time, so that timing reveals nothing of the expected one.
    if (!MessageDigest.isEqual(expected, given)) {
      return UserSigStatus.BAD_SIGNATURE;
    }
    valid.put(userSig, document);
    return UserSigStatus.VALID;
  }

  /** How many valid UserSigs are remembered now (for tests). */
  long remembered() {
    valid.cleanUp();
    return valid.estimatedSize();
  }

  /** Describes the verifier without revealing its key. */
  @Override
  public String toString() {
    return "UserSigVerifier[key=<redacted>, clock=" + clock + "]";
  }
}
