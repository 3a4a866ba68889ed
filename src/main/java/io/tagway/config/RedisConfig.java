package io.tagway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;

/**
 * The shared Redis (L2 cache, global rate limit, invalidation bus).
 *
 * @param url {@code redis://host:port} (or {@code rediss://}, {@code unix://}); empty means L2 off
 */
public record RedisConfig(Optional<Secret> url) {

  private static final Set<String> SCHEMES = Set.of("redis", "rediss", "unix");

  /** True when a Redis is configured. */
  public boolean enabled() {
    return url.isPresent();
  }

  /** The URL with any password masked, fit for logs. */
  public String describe() {
    return url.map(u -> redact(u.reveal())).orElse("off");
  }

  static RedisConfig read(ConfigReader r) {
    // Treated as a secret because the URL may carry a password.
    Optional<String> url = r.string("redis.url");
    url.ifPresent(RedisConfig::validate);
    return new RedisConfig(url.map(Secret::new));
  }

  private static void validate(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
        throw new ConfigException("redis.url", "must start with redis://, rediss:// or unix://");
      }
      if (!uri.getScheme().equals("unix") && uri.getHost() == null) {
        throw new ConfigException("redis.url", "must name a host, e.g. redis://127.0.0.1:6379");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException("redis.url", "is not a valid URL (" + e.getReason() + ")");
    }
  }

  /** {@code redis://:pw@host:6379/0} → {@code redis://***@host:6379/0}. */
  static String redact(String url) {
    return url.replaceFirst("//[^@/]*@", "//***@");
  }
}
