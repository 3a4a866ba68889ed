package io.tagway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The shared Redis: L2 cache, global rate limit, invalidation fence and bus.
 *
 * @param mode {@code standalone}, {@code sentinel} or {@code cluster}
 * @param endpoints {@code redis://host:port} (or {@code rediss://}, {@code unix://}) URLs: the
 *     server, the sentinels, or some cluster nodes; empty means Redis is off (L2 off, limits local)
 * @param masterName the monitored master's name, with sentinels
 * @param password the password, when not in the URLs
 * @param timeout how long one Redis round trip may take before it counts as failed
 * @param poolSize connections per Redis server
 * @param fallbackShare the share of {@code upstream.rateLimit} this instance may use while Redis is unreachable
 * @param ackTimeout how long an invalidation waits for the other instances to confirm it
 */
public record RedisConfig(
    String mode,
    List<Secret> endpoints,
    String masterName,
    Optional<Secret> password,
    Duration timeout,
    int poolSize,
    double fallbackShare,
    Duration ackTimeout) {

  private static final Set<String> SCHEMES = Set.of("redis", "rediss", "unix");

  /** True when a Redis is configured. */
  public boolean enabled() {
    return !endpoints.isEmpty();
  }

  /** The mode and endpoints with any password masked, fit for logs. */
  public String describe() {
    if (!enabled()) {
      return "off";
    }
    return mode + " " + endpoints.stream().map(u -> redact(u.reveal())).collect(Collectors.joining(","));
  }

  static RedisConfig read(ConfigReader r) {
    String mode = r.oneOf("redis.mode", "standalone", List.of("standalone", "sentinel", "cluster"));
    // URLs are secrets: they may carry a password.
    List<String> urls = new ArrayList<>();
    r.string("redis.url").ifPresent(urls::add);
    urls.addAll(r.list("redis.endpoints"));
    urls.forEach(RedisConfig::validate);
    if (mode.equals("standalone") && urls.size() > 1) {
      throw new ConfigException("redis.endpoints", "a standalone Redis takes one URL (redis.url); use redis.mode cluster or sentinel for several");
    }
    if (!mode.equals("standalone") && urls.isEmpty()) {
      throw new ConfigException("redis.endpoints", "required with redis.mode " + mode);
    }
    double share = r.fraction("redis.fallbackShare", 0.25);
    if (share <= 0) {
      throw new ConfigException("redis.fallbackShare", "must be more than 0");
    }
    return new RedisConfig(
        mode,
        urls.stream().map(Secret::new).toList(),
        r.string("redis.masterName", "mymaster"),
        r.secret("redis.password"),
        r.duration("redis.timeout", Duration.ofMillis(250), Duration.ofMillis(10), Duration.ofSeconds(30)),
        r.integer("redis.poolSize", 8, 1, 256),
        share,
        r.duration("redis.ackTimeout", Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofSeconds(30)));
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
