package io.tagway.config;

import java.time.Duration;

/**
 * L1 (in-process) and L2 (Redis) caching.
 *
 * @param l1MaxSize most accounts held in memory; 0 turns L1 off
 * @param ttl hard time-to-live of an account with tags, from the upstream fetch
 * @param negativeTtl time-to-live of an account with no tags
 * @param refreshAge past this age an entry is still served but refreshed in the background
 * @param staleGrace how long past its TTL an entry may still be served, marked stale, when the upstream fails
 * @param jitter each TTL and refresh age is shortened by up to this share, so entries do not expire together
 * @param l2MaxBatch most keys in one Redis MGET
 * @param l2Tick how long concurrent L2 reads wait to be merged into one MGET; 0: no wait, reads that
 *     arrive while an MGET is in flight are merged into the next
 */
public record CacheConfig(
    long l1MaxSize,
    Duration ttl,
    Duration negativeTtl,
    Duration refreshAge,
    Duration staleGrace,
    double jitter,
    int l2MaxBatch,
    Duration l2Tick) {

  static CacheConfig read(ConfigReader r) {
    Duration ttl = r.duration("cache.ttl", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofDays(30));
    Duration refreshAge = r.duration("cache.refreshAge", Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofDays(30));
    if (refreshAge.compareTo(ttl) >= 0) {
      throw new ConfigException("cache.refreshAge", "must be shorter than cache.ttl (" + ConfigReader.format(ttl) + ")");
    }
    Duration negativeTtl = r.duration("cache.negativeTtl", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(30));
    if (negativeTtl.compareTo(ttl) > 0) {
      throw new ConfigException("cache.negativeTtl", "must not be longer than cache.ttl (" + ConfigReader.format(ttl) + ")");
    }
    double jitter = r.fraction("cache.jitter", 0.1);
    if (jitter > 0.5) {
      throw new ConfigException("cache.jitter", "must be between 0 and 0.5, got " + jitter);
    }
    return new CacheConfig(
        r.longInteger("cache.l1.maxSize", 1_000_000, 0, 1_000_000_000),
        ttl,
        negativeTtl,
        refreshAge,
        r.duration("cache.staleGrace", Duration.ofHours(1), Duration.ZERO, Duration.ofDays(30)),
        jitter,
        r.integer("cache.l2.maxBatch", 500, 1, 10_000),
        r.duration("cache.l2.tick", Duration.ZERO, Duration.ZERO, Duration.ofMillis(100)));
  }
}
