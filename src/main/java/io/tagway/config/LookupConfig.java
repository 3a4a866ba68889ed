package io.tagway.config;

import java.time.Duration;

/**
 * Miss coalescing, retries and deadlines of lookups.
 *
 * @param timeout how long a lookup may take before pending accounts are answered with an error
 * @param window how long the oldest pending miss waits for companions before its batch leaves
 * @param maxPending most accounts waiting for an upstream call
 * @param maxBackground most background refreshes among them
 * @param maxRetries retries of a failed batch (transient or throttled), each paying a rate-limit permit
 * @param retryBackoff delay before the first retry; doubled each time, with jitter
 * @param rateLimitMargin added to the second during which a finished upstream call still counts against the rate limit
 */
public record LookupConfig(
    Duration timeout,
    Duration window,
    int maxPending,
    int maxBackground,
    int maxRetries,
    Duration retryBackoff,
    Duration rateLimitMargin) {

  static LookupConfig read(ConfigReader r) {
    int maxPending = r.integer("lookup.maxPending", 50_000, 100, 10_000_000);
    int maxBackground = r.integer("lookup.maxBackground", 10_000, 0, 10_000_000);
    if (maxBackground > maxPending) {
      throw new ConfigException("lookup.maxBackground", "must not exceed lookup.maxPending (" + maxPending + ")");
    }
    return new LookupConfig(
        r.duration("lookup.timeout", Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMinutes(5)),
        r.duration("lookup.window", Duration.ofMillis(5), Duration.ZERO, Duration.ofSeconds(1)),
        maxPending,
        maxBackground,
        r.integer("lookup.maxRetries", 2, 0, 10),
        r.duration("lookup.retryBackoff", Duration.ofMillis(50), Duration.ofMillis(1), Duration.ofMinutes(1)),
        r.duration("lookup.rateLimitMargin", Duration.ofMillis(5), Duration.ZERO, Duration.ofSeconds(1)));
  }
}
