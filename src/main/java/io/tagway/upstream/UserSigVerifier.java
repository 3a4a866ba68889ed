package io.tagway.upstream;

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
 */
public final class UserSigVerifier {

  private final UserSigSigner signer;
  private final Clock clock;

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
    byte[] json = UserSigCodec.decode(userSig);
    UserSigDocument document = json == null ? null : UserSigDocument.parse(json);
    if (document == null) {
      return UserSigStatus.MALFORMED;
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
    byte[] expected = signer.tlsSig(document.content()).getBytes(StandardCharsets.US_ASCII);
    byte[] given = document.sig().getBytes(StandardCharsets.UTF_8);
    // Compares the Base64 text, not the decoded bytes, so that no second spelling of a
    // signature passes; in constant time, so that timing reveals nothing of the expected one.
    return MessageDigest.isEqual(expected, given) ? UserSigStatus.VALID : UserSigStatus.BAD_SIGNATURE;
  }

  /** Describes the verifier without revealing its key. */
  @Override
  public String toString() {
    return "UserSigVerifier[key=<redacted>, clock=" + clock + "]";
  }
}
