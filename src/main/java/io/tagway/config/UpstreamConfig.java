package io.tagway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Tencent IM, or the built-in emulator when {@code baseUrl} is unset.
 *
 * @param baseUrl e.g. {@code https://console.tim.qq.com}; empty means the built-in emulator
 * @param sdkAppId the app's SDKAppID
 * @param identifier the app admin account the gateway signs as
 * @param secretKey the app key; empty with the emulator, which then gets a random one
 * @param rateLimit upstream calls per second, for all instances together
 * @param timeout how long one upstream call may take
 * @param userSigLifetime how long a generated UserSig is valid; it is renewed at half of it
 */
public record UpstreamConfig(
    Optional<URI> baseUrl,
    long sdkAppId,
    String identifier,
    Optional<Secret> secretKey,
    int rateLimit,
    Duration timeout,
    Duration userSigLifetime) {

  /** SDKAppID of the built-in emulator's app. */
  public static final long EMULATOR_SDK_APP_ID = 1_400_000_000L;

  /** True when the gateway talks to the built-in, in-process emulator. */
  public boolean embeddedEmulator() {
    return baseUrl.isEmpty();
  }

  static UpstreamConfig read(ConfigReader r) {
    Optional<URI> baseUrl = r.string("upstream.baseUrl").map(UpstreamConfig::parseBaseUrl);
    Optional<Long> sdkAppId = r.longInteger("upstream.sdkAppId", 1, 0xFFFF_FFFFL);
    Optional<Secret> secretKey = r.secret("upstream.secretKey");
    if (baseUrl.isPresent() && sdkAppId.isEmpty()) {
      throw new ConfigException("upstream.sdkAppId", "required when upstream.baseUrl is set");
    }
    if (baseUrl.isPresent() && secretKey.isEmpty()) {
      throw new ConfigException("upstream.secretKey", "required when upstream.baseUrl is set (or set upstream.secretKeyFile)");
    }
    String identifier = r.string("upstream.identifier", "administrator");
    if (identifier.length() > 32) {
      throw new ConfigException("upstream.identifier", "must be at most 32 characters");
    }
    return new UpstreamConfig(
        baseUrl,
        sdkAppId.orElse(EMULATOR_SDK_APP_ID),
        identifier,
        secretKey,
        r.integer("upstream.rateLimit", 100, 1, 100_000),
        r.duration("upstream.timeout", Duration.ofSeconds(3), Duration.ofMillis(10), Duration.ofMinutes(2)),
        r.duration("upstream.userSigLifetime", Duration.ofDays(2), Duration.ofMinutes(10), Duration.ofDays(3650)));
  }

  private static URI parseBaseUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
        throw new ConfigException("upstream.baseUrl", "must be an http:// or https:// URL without query, e.g. https://console.tim.qq.com");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("upstream.baseUrl", "is not a valid URL: " + e.getReason());
    }
  }
}
