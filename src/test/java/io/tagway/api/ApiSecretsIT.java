package io.tagway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.RedisExtension;
import io.tagway.testing.TagwayProcess;
import io.tagway.testing.TestRedis;
import io.tagway.upstream.UserSigSigner;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Invariant 7 on the packaged jar: with logging at trace, every route driven through its
 * successes and failures (bad keys, missing scopes, a failing upstream, bad UserSigs on the
 * compatible endpoint), neither the app key, nor a UserSig the gateway generated, nor an API key
 * appears in the output, in {@code /metrics} or in any response.
 */
@ExtendWith(RedisExtension.class)
class ApiSecretsIT {

  private static final String APP_KEY = "appkey-4f1d9c2b7e6a8035d1c4b9e27f60a3c8";
  private static final String LOOKUP_KEY = "apikey-lookup-93b1e07c5d2f4a68";
  private static final String INVALIDATE_KEY = "apikey-invalidate-6e28d4f1a9c0b357";
  private static final String IDENTIFIER = "administrator";
  private static final long SDK_APP_ID = 1_400_000_708L;
  private static final long USER_SIG_LIFETIME = Duration.ofDays(2).toSeconds();
  private static final Pattern EMULATOR = Pattern.compile("emulator at (http://[0-9.]+:[0-9]+)");

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  /** Everything the gateway answered: status lines, headers and bodies. */
  private final StringBuilder answers = new StringBuilder();

  @Test
  void noSecretReachesTheLogsMetricsOrResponses(TestRedis redis) throws Exception {
    // Failsafe names the freshly packaged jar; `-Dtest=Api*` under surefire would find none, or a stale one.
    Assumptions.assumeTrue(System.getProperty("tagway.jar") != null, "runs under failsafe: ./mvnw verify");
    int port = TestRedis.freePort();
    long started = Instant.now().getEpochSecond();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TAGWAY_HTTP_HOST", "127.0.0.1");
    env.put("TAGWAY_HTTP_PORT", Integer.toString(port));
    env.put("TAGWAY_HTTP_MAX_BODY_BYTES", "2048");
    env.put("TAGWAY_UPSTREAM_SECRET_KEY", APP_KEY);
    env.put("TAGWAY_UPSTREAM_SDK_APP_ID", Long.toString(SDK_APP_ID));
    env.put("TAGWAY_UPSTREAM_TIMEOUT", "300ms");
    env.put("TAGWAY_AUTH_KEYS", LOOKUP_KEY + ":lookup," + INVALIDATE_KEY + ":invalidate");
    env.put("TAGWAY_REDIS_URL", redis.url());
    env.put("TAGWAY_EMULATOR_USERS", "1000");
    env.put("TAGWAY_LOOKUP_MAX_RETRIES", "1");
    env.put("TAGWAY_LOOKUP_RETRY_BACKOFF", "10ms");
    env.put("TAGWAY_LOG_LEVEL", "trace");
    String output;
    List<String> presentedUserSigs = new ArrayList<>();
    try (TagwayProcess tagway = TagwayProcess.start(env)) {
      awaitLive(tagway, port);
      String emulator = emulatorUrl(tagway);
      HttpResponse<String> metrics;
      try {
        driveEveryRoute(port);
        presentedUserSigs.addAll(driveCompatibleEndpoint(port));
        // A failing upstream: 91000, 502 and hung calls past the upstream timeout.
        for (String faults : List.of("{\"internalErrorShare\":1.0}", "{\"badGatewayShare\":1.0}",
            "{\"hangShare\":1.0,\"hangCapMs\":2000}")) {
          send(URI.create(emulator + "/emulator/faults"), "PUT", faults, null);
          call(port, "POST", "/v1/tags/lookup", "{\"accounts\":[\"u500\",\"u501\",\"nobody\"]}", LOOKUP_KEY);
          call(port, "GET", "/v1/users/u502/tags", null, LOOKUP_KEY);
        }
        send(URI.create(emulator + "/emulator/faults"), "PUT", "{}", null);
        call(port, "GET", "/v1/users/u503/tags", null, LOOKUP_KEY);
        metrics = call(port, "GET", "/metrics", null, null);
        call(port, "GET", "/health/ready", null, null);
      } catch (IOException e) {
        throw new AssertionError("calling tagway failed (alive: " + tagway.alive() + "):\n" + tagway.stdout()
            + tagway.stderr(), e);
      }

      tagway.terminate();
      assertThat(tagway.waitForExit(30)).isZero();
      output = tagway.stdout() + tagway.stderr();
      if (metrics.statusCode() == 200) {
        assertThat(metrics.body()).as("/metrics answers in the text format").isNotBlank();
      }
    }
    long stopped = Instant.now().getEpochSecond();

    assertThat(output).as("the run did log at trace").contains("Tagway listening on");
    assertThat(output).contains("Tencent IM emulator");
    assertThat(answers).as("the failing upstream was reached").contains("upstream_unavailable");
    assertThat(answers).as("refusals were driven").contains("\"unauthorized\"", "\"forbidden\"", "\"payload_too_large\"");

    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("the app key", APP_KEY);
    secrets.put("the lookup API key", LOOKUP_KEY);
    secrets.put("the invalidate API key", INVALIDATE_KEY);
    for (String where : new String[] {"output", "answers"}) {
      String text = where.equals("output") ? output : answers.toString();
      secrets.forEach((name, secret) -> assertNoFragment(text, where, name, secret));
      // Every UserSig the gateway can have generated during the run, and the HMAC inside each.
      for (long time = started - 2; time <= stopped + 2; time++) {
        String userSig = new UserSigSigner(APP_KEY).sign(SDK_APP_ID, IDENTIFIER, time, USER_SIG_LIFETIME);
        assertThat(text).as("%s holds a generated UserSig", where)
            .doesNotContain(userSig)
            .doesNotContain(URLEncoder.encode(userSig, StandardCharsets.UTF_8))
            .doesNotContain(tlsSig(time));
      }
      for (String presented : presentedUserSigs) {
        assertThat(text).as("%s holds a UserSig a caller presented", where).doesNotContain(presented);
      }
    }
  }

  /** Every route of the API, through its successes and its refusals. */
  private void driveEveryRoute(int port) throws Exception {
    String[] keys = {null, LOOKUP_KEY, INVALIDATE_KEY, "wrong-" + LOOKUP_KEY, LOOKUP_KEY.substring(0, 20)};
    String[] bodies = {"{\"accounts\":[\"u1\",\"u2\",\"u1\",\"nobody\"]}", "{\"accounts\":[]}", "{bad json",
        "{\"accounts\":[\"" + "x".repeat(40) + "\"]}", "{\"accounts\":[\"" + "y".repeat(3000) + "\"]}"};
    for (String key : keys) {
      call(port, "GET", "/health/live", null, key);
      call(port, "GET", "/health/ready", null, key);
      call(port, "GET", "/openapi.yaml", null, key);
      call(port, "GET", "/metrics", null, key);
      call(port, "GET", "/v1/users/u1/tags", null, key);
      call(port, "GET", "/v1/users/%00/tags", null, key);
      call(port, "DELETE", "/v1/users/u1/tags", null, key);
      call(port, "PUT", "/v1/users/u1/tags", null, key);
      call(port, "GET", "/no/such/route", null, key);
      for (String body : bodies) {
        call(port, "POST", "/v1/tags/lookup", body, key);
        call(port, "POST", "/v1/invalidate", body, key);
      }
    }
    // A key sent under another scheme, and one with the secret split by whitespace.
    send(uri(port, "/v1/users/u1/tags"), "GET", null, Map.of("Authorization", "Basic " + LOOKUP_KEY));
    send(uri(port, "/v1/users/u1/tags"), "GET", null, Map.of("Authorization", "Bearer  " + LOOKUP_KEY + " x"));
  }

  /**
   * The Tencent-compatible endpoint, when this build has it: a valid UserSig, one signed with
   * another key, an expired one, garbage. Returns the UserSigs presented.
   */
  private List<String> driveCompatibleEndpoint(int port) throws Exception {
    String path = "/v4/all_member_push/im_get_tag";
    String body = "{\"To_Account\":[\"u1\",\"u2\"]}";
    long now = Instant.now().getEpochSecond();
    List<String> userSigs = List.of(
        new UserSigSigner(APP_KEY).sign(SDK_APP_ID, IDENTIFIER, now - 5, 3600),
        new UserSigSigner("not-the-app-key").sign(SDK_APP_ID, IDENTIFIER, now, 3600),
        new UserSigSigner(APP_KEY).sign(SDK_APP_ID, IDENTIFIER, now - 7200, 3600),
        new UserSigSigner(APP_KEY).sign(SDK_APP_ID, "someone-else", now, 3600),
        "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU");
    HttpResponse<String> probe = call(port, "POST", path, body, null);
    if (probe.statusCode() == 404) {
      return List.of();
    }
    for (String userSig : userSigs) {
      String query = "?sdkappid=" + SDK_APP_ID + "&identifier=" + IDENTIFIER + "&usersig="
          + URLEncoder.encode(userSig, StandardCharsets.UTF_8) + "&random=12345&contenttype=json";
      call(port, "POST", path + query, body, null);
      call(port, "POST", path + query, "{\"To_Account\":\"u1\"}", null);
    }
    return userSigs;
  }

  private static void assertNoFragment(String text, String where, String name, String secret) {
    // Any 12 consecutive characters: a truncated or partly masked secret is still a leak.
    for (int i = 0; i + 12 <= secret.length(); i++) {
      assertThat(text).as("%s holds part of %s", where, name).doesNotContain(secret.substring(i, i + 12));
    }
  }

  private static String tlsSig(long time) {
    String content = "TLS.identifier:" + IDENTIFIER + "\nTLS.sdkappid:" + SDK_APP_ID + "\nTLS.time:" + time
        + "\nTLS.expire:" + USER_SIG_LIFETIME + "\n";
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(APP_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> call(int port, String method, String path, String body, String key) throws Exception {
    return send(uri(port, path), method, body, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key));
  }

  private HttpResponse<String> send(URI uri, String method, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers != null) {
      headers.forEach(request::header);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    answers.append(response.statusCode()).append(' ').append(response.headers().map()).append('\n')
        .append(response.body()).append('\n');
    return response;
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static String emulatorUrl(TagwayProcess tagway) {
    Matcher m = EMULATOR.matcher(tagway.stdout());
    assertThat(m.find()).as("the start-up log names the emulator: %s", tagway.stdout()).isTrue();
    return m.group(1);
  }

  private void awaitLive(TagwayProcess tagway, int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(tagway.alive()).as("tagway exited early: %s", tagway.stderr()).isTrue();
      try {
        if (http.send(HttpRequest.newBuilder(uri(port, "/health/live")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no answer within 20 s:\n" + tagway.stdout() + tagway.stderr());
  }
}
