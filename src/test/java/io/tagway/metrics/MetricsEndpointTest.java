package io.tagway.metrics;

import static io.tagway.metrics.MetricsFixture.API_KEY;
import static io.tagway.metrics.MetricsFixture.APP_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.emulator.EmulatorFaults;
import io.tagway.emulator.Population;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /metrics} of a gateway started in this JVM, after real lookups over HTTP. */
@Timeout(120)
class MetricsEndpointTest {

  private static final String USER_TAGS = "/v1/users/:account/tags";
  private static final String LOOKUP = "/v1/tags/lookup";
  private static final String REQUESTS = "tagway_http_server_requests_seconds_count";
  private static final Set<String> HTTP_LABELS = Set.of("method", "route", "code", "le");

  private static List<String> accounts(int from, int count) {
    return IntStream.range(from, from + count).mapToObj(Population::account).toList();
  }

  @Test
  void lookupsBatchesAndRoutesAreCounted() {
    // At 3 calls per second there are three slots, so the last of four back-to-back calls waits.
    try (MetricsFixture f = MetricsFixture.start(APP_KEY, Map.of("upstream.rateLimit", 3))) {
      assertThat(f.get("/v1/users/u1/tags").headers().firstValue("X-Cache")).hasValue("MISS");
      assertThat(f.get("/v1/users/u1/tags").headers().firstValue("X-Cache")).hasValue("L1");
      // One request of 250 cold accounts leaves as three calls: 100, 100 and 50.
      assertThat(f.lookup(accounts(100, 250)).statusCode()).isEqualTo(200);
      assertThat(f.lookup(accounts(100, 250)).statusCode()).isEqualTo(200);
      f.get("/no/such/route/u777");

      HttpResponse<String> response = f.scrapeResponse(); // no Authorization header: the endpoint is open
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
      Scrape s = Scrape.parse(response.body());

      assertThat(s.value("tagway_lookups_total", "tier", "miss")).isEqualTo(251);
      assertThat(s.value("tagway_lookups_total", "tier", "l1")).isEqualTo(251);
      assertThat(s.value("tagway_lookups_total", "tier", "l2")).isZero();
      assertThat(s.value("tagway_lookups_total", "tier", "stale")).isZero();
      assertThat(s.value("tagway_lookups_total", "tier", "error")).isZero();

      assertThat(s.value("tagway_upstream_batch_size_count")).isEqualTo(4);
      assertThat(s.value("tagway_upstream_batch_size_sum")).isEqualTo(251);
      assertThat(s.value("tagway_upstream_batch_size_bucket", "le", "1.0")).isEqualTo(1);
      assertThat(s.value("tagway_upstream_batch_size_bucket", "le", "50.0")).isEqualTo(2);
      assertThat(s.value("tagway_upstream_batch_size_bucket", "le", "99.0")).isEqualTo(2);
      assertThat(s.value("tagway_upstream_batch_size_bucket", "le", "100.0")).isEqualTo(4);
      assertThat(s.labelValues("tagway_upstream_batch_size_bucket", "le"))
          .containsExactlyInAnyOrder("1.0", "10.0", "25.0", "50.0", "75.0", "90.0", "95.0", "99.0", "100.0", "+Inf");

      assertThat(s.value("tagway_upstream_calls_total", "outcome", "ok", "code", "0")).isEqualTo(4);
      assertThat(s.value("tagway_upstream_call_seconds_count", "outcome", "ok")).isEqualTo(4);
      assertThat(s.value("tagway_upstream_retries_total")).isZero();
      // The lookup's third batch was ready while the first call's slot was still held.
      assertThat(s.value("tagway_ratelimit_waits_total")).isPositive();
      assertThat(s.value("tagway_ratelimit_wait_seconds_total")).isPositive();
      assertThat(s.value("tagway_coalescer_queue_depth")).isZero();
      assertThat(s.value("tagway_l1_size")).isEqualTo(251);
      assertThat(s.value("tagway_ready")).isEqualTo(1);
      assertThat(s.has("tagway_redis_up")).as("no Redis configured").isFalse();

      assertThat(s.value(REQUESTS, "route", USER_TAGS, "method", "GET", "code", "200")).isEqualTo(2);
      assertThat(s.value(REQUESTS, "route", LOOKUP, "method", "POST", "code", "200"))
          .isEqualTo(2);
      assertThat(s.value(REQUESTS, "route", "", "code", "404")).isEqualTo(1);
      assertThat(s.value("tagway_http_server_requests_seconds_bucket", "route", USER_TAGS, "le", "+Inf"))
          .isEqualTo(2);
      assertThat(s.labelValues(REQUESTS, "route")).containsExactlyInAnyOrder("", USER_TAGS, LOOKUP);
      for (Scrape.Sample sample : s.samples) {
        if (sample.name().startsWith("tagway_http_server")) {
          assertThat(HTTP_LABELS).as(sample.toString()).containsAll(sample.labels().keySet());
        }
      }
      assertThat(s.text).doesNotContain("u777").doesNotContain("/v1/users/u").doesNotContain("127.0.0.1");
      assertNoSecret(s, APP_KEY);
    }
  }

  @Test
  void unauthorizedRequestsAreCountedUnderTheirRoute() {
    try (MetricsFixture f = MetricsFixture.start(APP_KEY, Map.of())) {
      assertThat(f.getWithoutKey("/v1/users/u1/tags").statusCode()).isEqualTo(401);

      Scrape s = f.scrape();
      assertThat(s.value(REQUESTS, "route", USER_TAGS, "code", "401")).isEqualTo(1);
      assertThat(s.value("tagway_lookups_total")).isZero();
      assertNoSecret(s, APP_KEY);
    }
  }

  @Test
  void unknownMethodsShareOneLabelValue() {
    try (MetricsFixture f = MetricsFixture.start(APP_KEY, Map.of())) {
      for (String method : List.of("BREW", "WHEN", "FROB")) {
        assertThat(f.request(method, "/v1/users/u1/tags").statusCode()).isEqualTo(405);
      }
      assertThat(f.request("PATCH", "/v1/users/u1/tags").statusCode()).isEqualTo(405);

      Scrape s = f.scrape();
      assertThat(s.labelValues(REQUESTS, "method")).containsExactlyInAnyOrder("OTHER", "PATCH");
      assertThat(s.value(REQUESTS, "method", "OTHER", "code", "405")).isEqualTo(3);
      assertThat(s.value(REQUESTS, "method", "PATCH", "route", "", "code", "405")).isEqualTo(1);
    }
  }

  @Test
  void staleAndFailedLookupsAreCountedByTierAndReason() {
    Map<String, Object> shortLived = Map.of(
        "cache.ttl", "1s", "cache.refreshAge", "900ms", "cache.negativeTtl", "1s", "cache.jitter", 0,
        "lookup.maxRetries", 0);
    try (MetricsFixture f = MetricsFixture.start(APP_KEY, shortLived)) {
      assertThat(f.get("/v1/users/u5/tags").headers().firstValue("X-Cache")).hasValue("MISS");
      f.emulator.faults(EmulatorFaults.NONE.withInternalErrorShare(1));

      // Served from L1 until the entry expires a second after its fetch, then stale.
      int[] seen = new int[2];
      MetricsFixture.eventually(Duration.ofSeconds(30), () -> {
        String tier = f.get("/v1/users/u5/tags").headers().firstValue("X-Cache").orElseThrow();
        seen[tier.equals("STALE") ? 1 : 0]++;
        assertThat(tier).isIn("L1", "STALE");
        return tier.equals("STALE");
      });
      HttpResponse<String> failed = f.lookup(accounts(700, 2));
      assertThat(failed.body()).contains("\"errors\":[{\"account\":\"u700\"");
      assertThat(f.get("/v1/users/u702/tags").statusCode()).isGreaterThanOrEqualTo(500);

      // Background refreshes may still be on their way: wait until every call has its outcome.
      Scrape[] last = new Scrape[1];
      MetricsFixture.eventually(Duration.ofSeconds(30), () -> {
        Scrape s = f.scrape();
        last[0] = s;
        return s.value("tagway_upstream_batch_size_count") == s.value("tagway_upstream_calls_total");
      });
      Scrape s = last[0];
      assertThat(s.value("tagway_lookups_total", "tier", "miss")).isEqualTo(1);
      assertThat(s.value("tagway_lookups_total", "tier", "l1")).isEqualTo(seen[0]);
      assertThat(s.value("tagway_lookups_total", "tier", "stale")).isEqualTo(seen[1]).isEqualTo(1);
      assertThat(s.value("tagway_lookups_total", "tier", "error")).isEqualTo(3);
      assertThat(s.value("tagway_lookup_errors_total", "reason", "upstream_unavailable")).isEqualTo(3);
      assertThat(s.value("tagway_lookup_errors_total")).isEqualTo(3);

      double failedCalls = s.value("tagway_upstream_calls_total", "outcome", "transient", "code", "91000");
      assertThat(failedCalls).isGreaterThanOrEqualTo(3); // the stale one and the two failures, plus refreshes
      assertThat(s.value("tagway_upstream_calls_total", "outcome", "ok")).isEqualTo(1);
      assertThat(s.value("tagway_upstream_call_seconds_count", "outcome", "transient")).isEqualTo(failedCalls);
      assertThat(s.labelValues("tagway_upstream_calls_total", "outcome")).containsExactlyInAnyOrder("ok", "transient");
      assertThat(s.value("tagway_ready")).as("transient failures do not make the instance unready").isEqualTo(1);
      assertNoSecret(s, APP_KEY);
    }
  }

  @Test
  void refusedConfigurationReachesReadinessAndTheCallCounter() {
    String wrongKey = "wrong-app-key-3c1d2e9f8a7b6c5d";
    try (MetricsFixture f = MetricsFixture.start(wrongKey, Map.of())) {
      assertThat(f.get("/v1/users/u1/tags").statusCode()).isGreaterThanOrEqualTo(500);

      // Readiness hears the refusal through the same composite listener as the metrics.
      assertThat(f.get("/health/ready").statusCode()).isEqualTo(503);
      Scrape s = f.scrape();
      assertThat(s.value("tagway_ready")).isZero();
      assertThat(s.value("tagway_upstream_calls_total", "outcome", "fatal_configuration")).isEqualTo(1);
      assertThat(s.labelValues("tagway_upstream_calls_total", "code")).allSatisfy(
          code -> assertThat(code).matches("\\d+"));
      assertThat(s.value("tagway_lookup_errors_total", "reason", "upstream_misconfigured")).isEqualTo(1);
      assertNoSecret(s, wrongKey);
      assertNoSecret(s, APP_KEY);
    }
  }

  @Test
  void theBuiltInEmulatorsRequestsAreNotCountedAsTheApis() {
    try (MetricsFixture f = MetricsFixture.embedded()) {
      assertThat(f.get("/v1/users/u1/tags").statusCode()).isEqualTo(200);

      Scrape s = f.scrape();
      assertThat(s.value(REQUESTS, "route", USER_TAGS)).isEqualTo(1);
      assertThat(s.labelValues(REQUESTS, "route")).containsExactly(USER_TAGS);
      assertThat(s.value("tagway_upstream_calls_total", "outcome", "ok")).isEqualTo(1);
      assertThat(s.has("jvm_memory_used_bytes")).isTrue();
      assertThat(s.has("jvm_gc_pause_seconds_count") || s.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
      assertThat(s.has("process_uptime_seconds")).isTrue();
      assertNoSecret(s, APP_KEY);
    }
  }

  /** No key, no API key, no UserSig, no credentials header in names, labels or values. */
  static void assertNoSecret(Scrape s, String appKey) {
    assertThat(s.text)
        .doesNotContain(appKey)
        .doesNotContain(API_KEY)
        .doesNotContainIgnoringCase("usersig")
        .doesNotContainIgnoringCase("bearer");
  }
}
