package io.tagway.api;

import static io.tagway.api.ErrorShape.assertError;
import static io.tagway.api.GatewayFixture.INVALIDATE_KEY;
import static io.tagway.api.GatewayFixture.LOOKUP_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Invalidation over real HTTP, with Redis up, off, and down. */
@ExtendWith(RedisExtension.class)
class ApiInvalidationTest {

  @Test
  void invalidatingManyCountsDistinctAccountsAndTheNextLookupsMiss(TestRedis redis) {
    try (GatewayFixture gateway = GatewayFixture.start("redis.url", redis.url())) {
      gateway.lookup("u51", "u52");
      assertThat(gateway.get("/v1/users/u51/tags", LOOKUP_KEY).headers().firstValue("x-cache")).contains("L1");

      HttpResponse<String> response = gateway.post("/v1/invalidate",
          GatewayFixture.accountsBody("u51", "u52", "u51", "nobody-5"), INVALIDATE_KEY);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type")).contains("application/json");
      assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject().put("invalidated", 3));

      assertThat(gateway.get("/v1/users/u51/tags", LOOKUP_KEY).headers().firstValue("x-cache")).contains("MISS");
      assertThat(gateway.get("/v1/users/u52/tags", LOOKUP_KEY).headers().firstValue("x-cache")).contains("MISS");
    }
  }

  @Test
  void deletingOneAnswers204WithoutABody(TestRedis redis) {
    try (GatewayFixture gateway = GatewayFixture.start("redis.url", redis.url())) {
      HttpResponse<String> response = gateway.delete("/v1/users/u53/tags", INVALIDATE_KEY);
      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(response.body()).isEmpty();
      assertThat(gateway.delete("/v1/users/u53/tags", INVALIDATE_KEY).statusCode()).as("idempotent").isEqualTo(204);
    }
  }

  @Test
  void withL2OffInvalidationStillSucceeds() {
    try (GatewayFixture gateway = GatewayFixture.start()) {
      gateway.lookup("u54");
      assertThat(gateway.post("/v1/invalidate", GatewayFixture.accountsBody("u54"), INVALIDATE_KEY).body())
          .isEqualTo("{\"invalidated\":1}");
      assertThat(gateway.delete("/v1/users/u54/tags", INVALIDATE_KEY).statusCode()).isEqualTo(204);
      assertThat(gateway.get("/v1/users/u54/tags", LOOKUP_KEY).headers().firstValue("x-cache")).contains("MISS");
    }
  }

  @Test
  void withRedisDownInvalidationIs503AndReadinessGoesDownThenBothRecover() throws Exception {
    try (TestRedis own = TestRedis.startOwn();
        GatewayFixture gateway = GatewayFixture.start("redis.url", own.url())) {
      assertThat(gateway.lookup("u55").statusCode()).isEqualTo(200);
      assertThat(gateway.get("/health/ready", null).statusCode()).isEqualTo(200);
      own.stop();

      HttpResponse<String> many = gateway.post("/v1/invalidate", GatewayFixture.accountsBody("u55"), INVALIDATE_KEY);
      assertError(many, 503, "invalidation_failed");
      assertThat(many.headers().firstValue("retry-after")).contains("1");
      HttpResponse<String> one = gateway.delete("/v1/users/u55/tags", INVALIDATE_KEY);
      assertError(one, 503, "invalidation_failed");
      assertThat(one.headers().firstValue("retry-after")).contains("1");

      // Lookups still work with L2 down: it is an optimisation, not a dependency.
      assertThat(gateway.get("/v1/users/u56/tags", LOOKUP_KEY).statusCode()).isEqualTo(200);

      HttpResponse<String> notReady = poll(gateway, "/health/ready", r -> r.statusCode() == 503);
      JsonObject body = assertError(notReady, 503, "not_ready");
      assertThat(body.getString("status")).isEqualTo("DOWN");
      assertThat(body.getJsonObject("down").fieldNames()).contains("redis");

      own.restart();
      poll(gateway, "/health/ready", r -> r.statusCode() == 200);
      assertThat(gateway.post("/v1/invalidate", GatewayFixture.accountsBody("u55"), INVALIDATE_KEY).statusCode())
          .isEqualTo(200);
    }
  }

  /** Readiness pings Redis itself: a load balancer learns of the outage before sending traffic. */
  @Test
  void readinessNoticesRedisGoneWithoutAnyTraffic() throws Exception {
    try (TestRedis own = TestRedis.startOwn();
        GatewayFixture gateway = GatewayFixture.start("redis.url", own.url())) {
      assertThat(gateway.get("/health/ready", null).statusCode()).isEqualTo(200);
      own.stop();
      HttpResponse<String> notReady = poll(gateway, "/health/ready", r -> r.statusCode() == 503);
      assertError(notReady, 503, "not_ready");
    }
  }

  /** Asks {@code path} (with the lookup key) until the answer passes, for at most 10 seconds. */
  private static HttpResponse<String> poll(GatewayFixture gateway, String path, Predicate<HttpResponse<String>> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    HttpResponse<String> last;
    do {
      last = gateway.get(path, LOOKUP_KEY);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no expected answer on " + path + " within 10 s; last: " + last.statusCode() + " " + last.body());
  }
}
