package io.tagway.api;

import static io.tagway.api.ErrorShape.assertError;
import static io.tagway.api.GatewayFixture.LOOKUP_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.emulator.EmulatorFaults;
import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Lookups over real HTTP: one account, many accounts, the cache tiers and per-account failures. */
@ExtendWith(RedisExtension.class)
class ApiLookupTest {

  private static GatewayFixture gateway;
  private static String redisUrl;

  @BeforeAll
  static void start(TestRedis redis) {
    redisUrl = redis.url();
    gateway = GatewayFixture.start("redis.url", redisUrl, "emulator.seed", GatewayFixture.SEED);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void oneAccountIsAMissThenAnL1HitAndAMissAgainAfterDelete() {
    String path = "/v1/users/u11/tags";
    HttpResponse<String> first = gateway.get(path, LOOKUP_KEY);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-cache")).contains("MISS");
    assertThat(first.headers().firstValue("content-type")).contains("application/json");
    assertThat(new JsonObject(first.body()))
        .isEqualTo(new JsonObject().put("account", "u11").put("tags", new JsonArray(GatewayFixture.tagsOf("u11"))));

    HttpResponse<String> second = gateway.get(path, LOOKUP_KEY);
    assertThat(second.headers().firstValue("x-cache")).contains("L1");
    assertThat(second.body()).isEqualTo(first.body());

    assertThat(gateway.delete(path, GatewayFixture.INVALIDATE_KEY).statusCode()).isEqualTo(204);
    HttpResponse<String> third = gateway.get(path, LOOKUP_KEY);
    assertThat(third.headers().firstValue("x-cache")).as("after DELETE, L1 and L2 are both gone").contains("MISS");
    assertThat(third.body()).isEqualTo(first.body());
  }

  @Test
  void anL1HitAnsweredWithoutTheRouterIsTheRoutersAnswer() {
    assertThat(gateway.get("/v1/users/u917/tags", LOOKUP_KEY).headers().firstValue("x-cache")).contains("MISS");
    HttpResponse<String> hot = gateway.get("/v1/users/u917/tags", LOOKUP_KEY);
    // "%75" is "u": a path that needs decoding is left to the router.
    HttpResponse<String> routed = gateway.get("/v1/users/%75917/tags", LOOKUP_KEY);
    assertThat(hot.statusCode()).isEqualTo(routed.statusCode()).isEqualTo(200);
    assertThat(hot.body()).isEqualTo(routed.body());
    assertThat(hot.headers().map()).isEqualTo(routed.headers().map());
    assertThat(hot.headers().firstValue("x-cache")).contains("L1");

    // The key check holds on the hot path: no key, an unknown key, a key without the scope.
    assertError(gateway.get("/v1/users/u917/tags", null), 401, "unauthorized");
    assertError(gateway.get("/v1/users/u917/tags", "no-such-key"), 401, "unauthorized");
    assertError(gateway.get("/v1/users/u917/tags", GatewayFixture.INVALIDATE_KEY), 403, "forbidden");
  }

  @Test
  void onlyPlainPathsAreTakenOffTheRouter() {
    assertThat(UserTagsHotPath.plainAccount("/v1/users/u1/tags")).isEqualTo("u1");
    assertThat(UserTagsHotPath.plainAccount("/v1/users/user.name@example-1_x/tags")).isEqualTo("user.name@example-1_x");
    for (String path : List.of("/v1/users//tags", "/v1/users/u%31/tags", "/v1/users/a+b/tags", "/v1/users/a/b/tags",
        "/v1/users/../tags", "/v1/users/./tags", "/v1/users/u1/tags/", "/v1/users/u1/tagsx", "/v2/users/u1/tags",
        "/v1/users/a;b/tags", "/v1/users/a\\b/tags", "/v1/users/\u00e9/tags", "/v1/users/tags", "/v1/users/")) {
      assertThat(UserTagsHotPath.plainAccount(path)).as(path).isNull();
    }
  }

  @Test
  void anotherInstanceSharingRedisAnswersFromL2() {
    assertThat(gateway.get("/v1/users/u12/tags", LOOKUP_KEY).headers().firstValue("x-cache")).contains("MISS");
    try (GatewayFixture other = GatewayFixture.start("redis.url", redisUrl)) {
      HttpResponse<String> response = other.get("/v1/users/u12/tags", LOOKUP_KEY);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("x-cache")).contains("L2");
      assertThat(new JsonObject(response.body()).getJsonArray("tags").getList()).isEqualTo(GatewayFixture.tagsOf("u12"));
    }
  }

  @Test
  void anUnknownAccountHasNoTags() {
    HttpResponse<String> response = gateway.get("/v1/users/nobody-1/tags", LOOKUP_KEY);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()))
        .isEqualTo(new JsonObject().put("account", "nobody-1").put("tags", new JsonArray()));
  }

  @Test
  void anAccountWithEscapedCharactersIsDecodedOnceAndEchoed() {
    HttpResponse<String> response = gateway.get("/v1/users/%E7%94%A8%E6%88%B7%20a%2Fb/tags", LOOKUP_KEY);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("account")).isEqualTo("用户 a/b");
  }

  @Test
  void aJsonBodyLabelledAsAFormIsReadWhateverItsSize() {
    // What `curl -d` sends: application/x-www-form-urlencoded. Over 1 KB, with '&' and '=' in it.
    String[] accounts = IntStream.range(0, 400).mapToObj(i -> "form&a=" + i).toArray(String[]::new);
    byte[] body = GatewayFixture.accountsBody(accounts).getBytes(StandardCharsets.UTF_8);
    assertThat(body.length).isGreaterThan(4_000);
    HttpResponse<String> response = gateway.sendLabelled("POST", "/v1/tags/lookup", body,
        "application/x-www-form-urlencoded", "Bearer " + LOOKUP_KEY);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonArray results = new JsonObject(response.body()).getJsonArray("results");
    assertThat(results).hasSize(400);
    assertThat(results.getJsonObject(399).getString("account")).isEqualTo("form&a=399");
  }

  @Test
  void manyAccountsComeBackInRequestOrderWithDuplicatesOnceAndUnknownsEmpty() {
    HttpResponse<String> response = gateway.lookup("u3", "nobody-2", "u1", "u3", "u2", "u1");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getJsonArray("errors")).isEmpty();
    JsonArray results = body.getJsonArray("results");
    assertThat(results.stream().map(r -> ((JsonObject) r).getString("account")))
        .containsExactly("u3", "nobody-2", "u1", "u2");
    for (Object r : results) {
      JsonObject result = (JsonObject) r;
      assertThat(result.fieldNames()).containsExactlyInAnyOrder("account", "tags");
      assertThat(result.getJsonArray("tags").getList()).isEqualTo(GatewayFixture.tagsOf(result.getString("account")));
    }
    assertThat(results.getJsonObject(1).getJsonArray("tags")).isEmpty();
  }

  @Test
  void aFailingUpstreamFailsOnlyTheAccountsNoCacheHolds() {
    try (GatewayFixture failing = GatewayFixture.start("lookup.maxRetries", 0)) {
      assertThat(failing.lookup("u21").statusCode()).isEqualTo(200);
      failing.faults(EmulatorFaults.NONE.withInternalErrorShare(1.0));

      HttpResponse<String> response = failing.lookup("u22", "u21", "u23");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(response.body());
      assertThat(body.getJsonArray("results")).containsExactly(
          new JsonObject().put("account", "u21").put("tags", new JsonArray(GatewayFixture.tagsOf("u21"))));
      JsonArray errors = body.getJsonArray("errors");
      assertThat(errors.stream().map(e -> ((JsonObject) e).getString("account"))).containsExactly("u22", "u23");
      for (Object e : errors) {
        JsonObject error = (JsonObject) e;
        assertThat(error.fieldNames()).containsExactlyInAnyOrder("account", "code", "message");
        assertThat(error.getString("code")).isEqualTo("upstream_unavailable");
        assertThat(error.getString("message")).isNotBlank();
      }

      HttpResponse<String> one = failing.get("/v1/users/u24/tags", LOOKUP_KEY);
      assertError(one, 503, "upstream_unavailable");
      assertThat(one.headers().firstValue("retry-after")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());

      failing.faults(EmulatorFaults.NONE);
      HttpResponse<String> healed = failing.get("/v1/users/u24/tags", LOOKUP_KEY);
      assertThat(healed.statusCode()).isEqualTo(200);
      assertThat(healed.headers().firstValue("x-cache")).contains("MISS");
    }
  }

  @Test
  void accountsPastTheQueueFailAloneWhileTheOthersAreAnswered() {
    // One upstream call per second and room for 100 waiting accounts: of 150 fresh accounts in one
    // request, 100 join the queue and the other 50 are refused at once.
    try (GatewayFixture small = GatewayFixture.start(
        "lookup.maxPending", 100, "lookup.maxBackground", 10, "upstream.rateLimit", 1)) {
      String[] accounts = new String[150];
      for (int i = 0; i < accounts.length; i++) {
        accounts[i] = "u" + (100 + i);
      }
      HttpResponse<String> response = small.lookup(accounts);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(response.body());
      assertThat(body.getJsonArray("results")).hasSize(100);
      assertThat(body.getJsonArray("errors")).hasSize(50)
          .allSatisfy(e -> assertThat(((JsonObject) e).getString("code")).isEqualTo("queue_full"));
      assertThat(body.getJsonArray("results").getJsonObject(0).getString("account")).isEqualTo("u100");
      assertThat(body.getJsonArray("errors").getJsonObject(0).getString("account")).isEqualTo("u200");
    }
  }

  @Test
  void whenEveryAccountFailsForCapacityTheAnswerIs429WithRetryAfter() {
    // Every upstream call takes longer than a lookup may: each account misses its deadline.
    try (GatewayFixture slow = GatewayFixture.start("emulator.latency", "3s", "lookup.timeout", "200ms")) {
      HttpResponse<String> many = slow.lookup("u31", "u32");
      JsonObject body = assertError(many, 429, "overloaded");
      assertThat(body.fieldNames()).containsExactly("error");
      assertThat(many.headers().firstValue("retry-after")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());

      HttpResponse<String> one = slow.get("/v1/users/u33/tags", LOOKUP_KEY);
      assertError(one, 429, "deadline_exceeded");
      assertThat(one.headers().firstValue("retry-after")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
    }
  }

  @Test
  void resultsAreTheSameThroughEveryTier() {
    List<String> accounts = List.of("u41", "u42", "u43");
    String first = gateway.lookup(accounts.toArray(String[]::new)).body();
    String second = gateway.lookup(accounts.toArray(String[]::new)).body();
    assertThat(second).isEqualTo(first);
  }
}
