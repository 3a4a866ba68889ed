package io.tagway.cache;

import static io.tagway.cache.L2Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({VertxExtension.class, RedisExtension.class})
class L2CacheTest {

  private Vertx vertx;
  private TestRedis redis;
  private Redis adminClient;
  private RedisAPI admin;

  @BeforeEach
  void connect(Vertx vertx, TestRedis redis) {
    this.vertx = vertx;
    this.redis = redis;
    this.adminClient = Redis.createClient(vertx, redis.url());
    this.admin = RedisAPI.api(adminClient);
  }

  @AfterEach
  void disconnect() {
    await(adminClient.close());
  }

  @Test
  void roundTripsTagsOfAnyContentAndNoTags() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options());
    L2Entry tricky = new L2Entry(List.of("a|b", "c,d", "\"q\"", "it's", "中文", "🎉", "", "1|0|", "x:y"), 1_712_345_678_901L);
    L2Entry none = new L2Entry(List.of(), 1_712_345_678_902L);

    await(cache.putAll(Map.of("u1", tricky, "u2", none), 1));
    Map<String, L2Entry> found = await(cache.getAll(List.of("u1", "u2", "u3")));

    assertThat(found).containsOnly(Map.entry("u1", tricky), Map.entry("u2", none));
    assertThat(found.get("u2").negative()).isTrue();
    assertThat(cache.healthy()).isTrue();
    assertThat(cache.errors()).isZero();
    await(cache.close());
  }

  @Test
  void storesUnderTheDocumentedKeyInTheDocumentedFormat() {
    L2Options options = L2Fixtures.options();
    L2Cache cache = L2Cache.create(vertx, redis.url(), options);

    await(cache.putAll(Map.of("u42", new L2Entry(List.of("vip", "a|b"), 1_700_000_000_000L)), 1));

    assertThat(await(admin.get("tw:" + options.sdkAppId() + ":{u42}")).toString()).isEqualTo("1|loyw3v28|3:vip3:a|b");
    await(cache.close());
  }

  @Test
  void shortensTheTtlByUpToTheJitter() {
    L2Options options = L2Fixtures.options().withJitter(0.2);
    L2Cache cache = L2Cache.create(vertx, redis.url(), options);
    Map<String, L2Entry> entries = L2Fixtures.entries("j", 50);

    await(cache.putAll(entries, 1));

    List<Long> ttls = pttls(options, entries.keySet());
    long full = options.ttl().toMillis();
    assertThat(ttls).allSatisfy(ttl -> assertThat(ttl).isBetween((long) (full * 0.8) - 1000, full));
    assertThat(ttls.stream().distinct().count()).as("jitter spreads the TTLs").isGreaterThan(10);
    await(cache.close());
  }

  @Test
  void withoutJitterEveryEntryGetsTheFullTtl() {
    L2Options options = L2Fixtures.options();
    L2Cache cache = L2Cache.create(vertx, redis.url(), options);
    Map<String, L2Entry> entries = L2Fixtures.entries("f", 5);

    await(cache.putAll(entries, 1));

    long full = options.ttl().toMillis();
    assertThat(pttls(options, entries.keySet())).allSatisfy(ttl -> assertThat(ttl).isBetween(full - 1000, full));
    await(cache.close());
  }

  @Test
  void accountsWithoutTagsGetTheNegativeTtl() {
    L2Options options = new L2Options(L2Fixtures.uniqueAppId(), Duration.ofHours(1), Duration.ofSeconds(30), 0.5,
        500, Duration.ofMillis(1), Duration.ofSeconds(2));
    L2Cache cache = L2Cache.create(vertx, redis.url(), options);
    Map<String, L2Entry> entries = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      entries.put("n" + i, new L2Entry(List.of(), 1));
    }

    await(cache.putAll(entries, 1));

    assertThat(pttls(options, entries.keySet())).allSatisfy(ttl -> assertThat(ttl).isBetween(15_000L - 1000, 30_000L));
    await(cache.close());
  }

  @Test
  void unreadableValuesAreCountedMisses() {
    L2Options options = L2Fixtures.options();
    L2Cache cache = L2Cache.create(vertx, redis.url(), options);
    String prefix = "tw:" + options.sdkAppId() + ":";
    await(admin.set(List.of(prefix + "{c1}", "garbage")));
    await(admin.set(List.of(prefix + "{c2}", "9|0|")));
    await(admin.set(List.of(prefix + "{c3}", "1|0|5:ab")));
    await(admin.lpush(List.of(prefix + "{c4}", "a list, not a string")));
    await(cache.putAll(Map.of("ok", new L2Entry(List.of("t"), 5)), 1));

    Map<String, L2Entry> found = await(cache.getAll(List.of("c1", "c2", "c3", "c4", "ok")));

    assertThat(found).containsOnlyKeys("ok");
    assertThat(cache.corruptValues()).isEqualTo(3);
    assertThat(cache.errors()).isZero();
    assertThat(cache.healthy()).isTrue();
    await(cache.close());
  }

  @Test
  void deleteRemovesOnlyTheNamedAccounts() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options().withMaxBatch(2));
    await(cache.putAll(L2Fixtures.entries("d", 5), 1));

    await(cache.delete(List.of("d0", "d1", "d2", "d3", "never-stored")));

    assertThat(await(cache.getAll(L2Fixtures.accounts("d", 0, 5)))).containsOnlyKeys("d4");
    await(cache.close());
  }

  @Test
  void invalidAccountsAreMissedOnReadAndSkippedOnWrite() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options());
    Map<String, L2Entry> entries = new HashMap<>();
    entries.put("good", new L2Entry(List.of("t"), 1));
    entries.put("bad\n", new L2Entry(List.of("t"), 1));
    entries.put("x".repeat(33), new L2Entry(List.of("t"), 1));

    await(cache.putAll(entries, 1));

    List<String> asked = new ArrayList<>(entries.keySet());
    asked.add("");
    assertThat(await(cache.getAll(asked))).containsOnlyKeys("good");
    await(cache.delete(asked));
    assertThat(await(cache.getAll(asked))).isEmpty();
    assertThat(cache.errors()).isZero();
    await(cache.close());
  }

  @Test
  void emptyAndDuplicateRequestsAreAnswered() {
    L2Cache cache = L2Cache.create(vertx, redis.url(), L2Fixtures.options());

    await(cache.putAll(Map.of(), 1));
    await(cache.delete(List.of()));
    assertThat(await(cache.getAll(List.of()))).isEmpty();
    await(cache.putAll(Map.of("dup", new L2Entry(List.of("t"), 1)), 1));
    assertThat(await(cache.getAll(List.of("dup", "dup", "other")))).containsOnlyKeys("dup");
    await(cache.close());
  }

  @Test
  void aClosedCacheMissesAndWritesNothing() {
    L2Options options = L2Fixtures.options();
    L2Cache cache = L2Cache.create(vertx, redis.url(), options);
    await(cache.putAll(Map.of("c", new L2Entry(List.of("t"), 1)), 1));

    await(cache.close());

    assertThat(await(cache.getAll(List.of("c")))).isEmpty();
    await(cache.putAll(Map.of("d", new L2Entry(List.of("t"), 1)), 1));
    assertThat(await(admin.exists(List.of(L2Keys.key(options.sdkAppId(), "d")))).toInteger()).isZero();
    assertThat(cache.errors()).isZero();
  }

  @Test
  void aSharedClientStaysOpenAfterClose() {
    L2Cache cache = new L2Cache(vertx, adminClient, L2Fixtures.options());
    await(cache.putAll(Map.of("s", new L2Entry(List.of("t"), 1)), 1));

    await(cache.close());

    assertThat(await(admin.ping(List.of())).toString()).isEqualTo("PONG");
  }

  private List<Long> pttls(L2Options options, Iterable<String> accounts) {
    List<Long> ttls = new ArrayList<>();
    for (String account : accounts) {
      ttls.add(await(admin.pttl(L2Keys.key(options.sdkAppId(), account))).toLong());
    }
    return ttls;
  }
}
