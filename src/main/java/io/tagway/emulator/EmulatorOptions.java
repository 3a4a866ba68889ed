package io.tagway.emulator;

import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Everything a {@link TencentImEmulator} needs, resolved once. Build with {@link #builder()} or
 * adjust a copy with {@link #toBuilder()}. {@link #toString()} never shows the secret key.
 *
 * @param host interface to listen on (default {@value #DEFAULT_HOST})
 * @param port port to listen on; 0 picks a free one (default 0)
 * @param sdkAppId the one SDKAppID served (default {@value #DEFAULT_SDK_APP_ID})
 * @param adminIdentifiers accounts allowed to call (default {@code {"administrator"}})
 * @param secretKey the app key UserSigs are verified with (default {@link #DEMO_SECRET_KEY})
 * @param users population size: accounts {@code u0} to {@code u(users-1)} (default 100000)
 * @param seed population and fault seed (default 42)
 * @param rateLimit calls admitted per command over any sliding second (default 100)
 * @param faults faults injected from the start (default {@link EmulatorFaults#NONE})
 * @param wallClock clock UserSig expiry is checked against (default the system UTC clock)
 * @param nanoTime monotonic nanosecond source for the rate windows (default {@link System#nanoTime})
 */
public record EmulatorOptions(
    String host,
    int port,
    long sdkAppId,
    Set<String> adminIdentifiers,
    String secretKey,
    int users,
    long seed,
    int rateLimit,
    EmulatorFaults faults,
    Clock wallClock,
    LongSupplier nanoTime) {

  /** Default listen interface. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Default SDKAppID. */
  public static final long DEFAULT_SDK_APP_ID = 1_400_000_000L;
  /** Default admin account. */
  public static final String DEFAULT_ADMIN = "administrator";
  /**
   * The demo key from UPSTREAM.md, used by the default emulator so that local runs need no
   * credentials. Public knowledge: never use it for a real app.
   */
  public static final String DEMO_SECRET_KEY =
      "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
  /** Default population size. */
  public static final int DEFAULT_USERS = 100_000;
  /** Default seed. */
  public static final long DEFAULT_SEED = 42;
  /** Tencent's limit: calls per second per app per command. */
  public static final int DEFAULT_RATE_LIMIT = 100;

  /** Validates and copies the admin set. */
  public EmulatorOptions {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
    }
    if (sdkAppId <= 0) {
      throw new IllegalArgumentException("sdkAppId must be positive, got " + sdkAppId);
    }
    adminIdentifiers = Set.copyOf(adminIdentifiers);
    if (adminIdentifiers.isEmpty()) {
      throw new IllegalArgumentException("adminIdentifiers must not be empty");
    }
    Objects.requireNonNull(secretKey, "secretKey");
    if (secretKey.isEmpty()) {
      throw new IllegalArgumentException("secretKey must not be empty");
    }
    if (users < 0) {
      throw new IllegalArgumentException("users must be >= 0, got " + users);
    }
    if (rateLimit < 1) {
      throw new IllegalArgumentException("rateLimit must be >= 1, got " + rateLimit);
    }
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(wallClock, "wallClock");
    Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** The defaults listed on each component. */
  public static EmulatorOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Every field except the secret key, which shows as {@code ***}. */
  @Override
  public String toString() {
    return "EmulatorOptions[host=" + host + ", port=" + port + ", sdkAppId=" + sdkAppId
        + ", adminIdentifiers=" + adminIdentifiers + ", secretKey=***, users=" + users
        + ", seed=" + seed + ", rateLimit=" + rateLimit + ", faults=" + faults + "]";
  }

  /** Fluent builder for {@link EmulatorOptions}. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port;
    private long sdkAppId = DEFAULT_SDK_APP_ID;
    private Set<String> adminIdentifiers = Set.of(DEFAULT_ADMIN);
    private String secretKey = DEMO_SECRET_KEY;
    private int users = DEFAULT_USERS;
    private long seed = DEFAULT_SEED;
    private int rateLimit = DEFAULT_RATE_LIMIT;
    private EmulatorFaults faults = EmulatorFaults.NONE;
    private Clock wallClock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;

    private Builder() {}

    private Builder(EmulatorOptions o) {
      host = o.host;
      port = o.port;
      sdkAppId = o.sdkAppId;
      adminIdentifiers = o.adminIdentifiers;
      secretKey = o.secretKey;
      users = o.users;
      seed = o.seed;
      rateLimit = o.rateLimit;
      faults = o.faults;
      wallClock = o.wallClock;
      nanoTime = o.nanoTime;
    }

    /** Sets the listen interface. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Sets the listen port (0 for a free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Sets the SDKAppID served. */
    public Builder sdkAppId(long sdkAppId) {
      this.sdkAppId = sdkAppId;
      return this;
    }

    /** Sets the admin accounts. */
    public Builder adminIdentifiers(Set<String> adminIdentifiers) {
      this.adminIdentifiers = adminIdentifiers;
      return this;
    }

    /** Sets the app key. */
    public Builder secretKey(String secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    /** Sets the population size. */
    public Builder users(int users) {
      this.users = users;
      return this;
    }

    /** Sets the seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Sets the calls admitted per command over any sliding second. */
    public Builder rateLimit(int rateLimit) {
      this.rateLimit = rateLimit;
      return this;
    }

    /** Sets the initial faults. */
    public Builder faults(EmulatorFaults faults) {
      this.faults = faults;
      return this;
    }

    /** Sets the clock UserSig expiry is checked against. */
    public Builder wallClock(Clock wallClock) {
      this.wallClock = wallClock;
      return this;
    }

    /** Sets the monotonic nanosecond source of the rate windows. */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = nanoTime;
      return this;
    }

    /** Validates and builds. */
    public EmulatorOptions build() {
      return new EmulatorOptions(host, port, sdkAppId, adminIdentifiers, secretKey, users, seed,
          rateLimit, faults, wallClock, nanoTime);
    }
  }
}
