package io.tagway.cache;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared helpers of the L2 tests. */
final class L2Fixtures {

  private static final Pattern MGET_CALLS = Pattern.compile("cmdstat_mget:calls=(\\d+)");

  private L2Fixtures() {
  }

  /** An sdkAppId no other test uses, so tests sharing a Redis never see each other's keys. */
  static long uniqueAppId() {
    return 1_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
  }

  /**
   * Options for a unique app: 10 min TTL, 1 min negative TTL, no jitter, and a 2 s command timeout,
   * generous because the first command of a JVM also loads and compiles the client.
   */
  static L2Options options() {
    return L2Options.of(uniqueAppId(), Duration.ofMinutes(10), Duration.ofMinutes(1))
        .withJitter(0)
        .withCommandTimeout(Duration.ofSeconds(2));
  }

  /** The outcome of a future, awaited from the test thread (never from an event loop). */
  static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }

  /** {@code count} accounts named {@code prefix0 ...}, each with one tag equal to its name. */
  static Map<String, L2Entry> entries(String prefix, int count) {
    Map<String, L2Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      entries.put(prefix + i, new L2Entry(List.of("tag-" + prefix + i), 1_700_000_000_000L + i));
    }
    return entries;
  }

  /** The given slice of the accounts of {@link #entries}. */
  static List<String> accounts(String prefix, int from, int to) {
    List<String> accounts = new ArrayList<>();
    for (int i = from; i < to; i++) {
      accounts.add(prefix + i);
    }
    return accounts;
  }

  /** MGETs the server has run since its last {@code CONFIG RESETSTAT}. */
  static long mgetCalls(RedisAPI admin) {
    String stats = await(admin.info(List.of("commandstats"))).toString();
    Matcher matcher = MGET_CALLS.matcher(stats);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }

  /** Resets the server's command statistics. */
  static void resetStats(RedisAPI admin) {
    await(admin.config(List.of("RESETSTAT")));
  }
}
