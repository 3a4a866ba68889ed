package io.tagway.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Holds the admin UserSig: generated once, reused, renewed well before expiry and at once on
 * demand (after a 70001). Thread-safe.
 *
 * <p>A UserSig is issued at the clock's current second and is renewed once half its lifetime
 * has passed. Two UserSigs issued in the same second with the same lifetime are identical, so
 * {@link #renew()} within the second of the last issue returns that same UserSig: it is
 * already as fresh as one can be.
 */
public final class AdminUserSig {

  /** A UserSig and the second it was issued at. */
  private record Issued(String userSig, long time) {
    @Override
    public String toString() {
      return "Issued[time=" + time + "]";
    }
  }

  private final UserSigSigner signer;
  private final long sdkAppId;
  private final String identifier;
  private final Duration lifetime;
  private final long expireSeconds;
  private final long renewAfterSeconds;
  private final Clock clock;

  // Racing renewals both write a valid UserSig; whichever lands last is kept, so no lock.
  private volatile Issued issued;

  /**
   * Creates the holder and issues the first UserSig.
   *
   * @param lifetime how long each UserSig is valid, in whole seconds, at least one second
   * @throws IllegalArgumentException if the lifetime is under a second or not whole seconds
   */
  public AdminUserSig(UserSigSigner signer, long sdkAppId, String identifier, Duration lifetime, Clock clock) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.identifier = Objects.requireNonNull(identifier, "identifier");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (lifetime.getSeconds() < 1 || lifetime.getNano() != 0) {
      throw new IllegalArgumentException("lifetime must be whole seconds, at least one: " + lifetime);
    }
    this.sdkAppId = sdkAppId;
    this.expireSeconds = lifetime.getSeconds();
    this.renewAfterSeconds = expireSeconds - expireSeconds / 2;
    this.issued = issue();
  }

  /** The UserSig to send now: the held one, or a fresh one once half its lifetime has passed. */
  public String current() {
    Issued held = issued;
    if (now() - held.time() >= renewAfterSeconds) {
      held = issue();
      issued = held;
    }
    return held.userSig();
  }

  /** Issues a fresh UserSig at the clock's current second, holds it and returns it. */
  public String renew() {
    Issued fresh = issue();
    issued = fresh;
    return fresh.userSig();
  }

  /** How long each UserSig is valid. */
  public Duration lifetime() {
    return lifetime;
  }

  /** Names the app and identifier but never the key or the UserSig. */
  @Override
  public String toString() {
    return "AdminUserSig[sdkAppId=" + sdkAppId + ", identifier=" + identifier + ", lifetime=" + lifetime + "]";
  }

  private Issued issue() {
    long time = now();
    return new Issued(signer.sign(sdkAppId, identifier, time, expireSeconds), time);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }
}
