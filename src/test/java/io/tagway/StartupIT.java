package io.tagway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.TagwayProcess;
import io.tagway.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar, run as users run it. */
class StartupIT {

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1))
      .build();

  @Test
  void servesBothHealthEndpointsAndExitsZeroOnSigterm() throws Exception {
    int port = TestRedis.freePort();
    try (TagwayProcess tagway = TagwayProcess.start(Map.of("TAGWAY_HTTP_PORT", Integer.toString(port)))) {
      HttpResponse<String> live = awaitLive(tagway, port);
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");

      HttpResponse<String> ready = get(port, "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.headers().firstValue("content-type")).contains("application/json");

      tagway.terminate();
      assertThat(tagway.waitForExit(20)).isZero();
      assertThat(tagway.stdout())
          .contains("built-in Tencent IM emulator")
          .contains("L2 cache (Redis): off")
          .containsPattern("Tagway listening on http://\\S+ with \\d+ event-loop instance\\(s\\), (io_uring|epoll|nio) transport")
          .contains("Shutting down")
          .contains("Stopped");
    }
  }

  @Test
  void sigtermLetsAnInFlightRequestFinishThenExitsZero() throws Exception {
    int port = TestRedis.freePort();
    // Every upstream call takes 2 s, so a cold lookup is in flight when SIGTERM arrives.
    Map<String, String> env = Map.of("TAGWAY_HTTP_PORT", Integer.toString(port), "TAGWAY_EMULATOR_LATENCY", "2s");
    try (TagwayProcess tagway = TagwayProcess.start(env)) {
      awaitLive(tagway, port);
      java.util.concurrent.CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/users/u1/tags"))
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      awaitUpstreamCall(tagway);
      tagway.terminate();
      HttpResponse<String> answer = inFlight.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).startsWith("{\"account\":\"u1\",\"tags\":[");
      assertThat(tagway.waitForExit(20)).isZero();
    }
  }

  /** Waits until the upstream call is under way: the in-process emulator's stats count it. */
  private void awaitUpstreamCall(TagwayProcess tagway) throws Exception {
    java.util.regex.Matcher emulator = java.util.regex.Pattern
        .compile("emulator at http://127\\.0\\.0\\.1:(\\d+)").matcher(tagway.stdout());
    assertThat(emulator.find()).as("the start-up log names the emulator's address").isTrue();
    int emulatorPort = Integer.parseInt(emulator.group(1));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!get(emulatorPort, "/emulator/stats").body().contains("\"im_get_tag\":1")) {
      assertThat(System.nanoTime()).as("the upstream call started in time").isLessThan(deadline);
    }
  }

  /** {@code http.transport: auto} with no native transport loadable: NIO, saying why, and serving. */
  @Test
  void autoFallsBackToNioWhereNoNativeTransportLoads() throws Exception {
    int port = TestRedis.freePort();
    try (TagwayProcess tagway = TagwayProcess.start(List.of("-Dio.netty.transport.noNative=true"),
        Map.of("TAGWAY_HTTP_PORT", Integer.toString(port)))) {
      awaitLive(tagway, port);
      HttpResponse<String> tags = get(port, "/v1/users/u1/tags");
      assertThat(tags.statusCode()).isEqualTo(200);
      assertThat(tags.body()).startsWith("{\"account\":\"u1\",\"tags\":[");
      tagway.terminate();
      assertThat(tagway.waitForExit(20)).isZero();
      assertThat(tagway.stdout())
          .contains("The io_uring transport is unavailable here (Native transport was explicit")
          .contains("The epoll transport is unavailable here (")
          .contains("event-loop instance(s), nio transport");
    }
  }

  @Test
  void theEmulatorCommandServesTheEmulatorOnly() throws Exception {
    int port = TestRedis.freePort();
    try (TagwayProcess emulator = TagwayProcess.start(Map.of(), "emulator", "--port", Integer.toString(port), "--users", "10")) {
      HttpResponse<String> stats = awaitPath(emulator, port, "/emulator/stats");
      assertThat(stats.statusCode()).isEqualTo(200);
      assertThat(stats.body()).contains("maxCallsInAnySecond");
      emulator.terminate();
      assertThat(emulator.waitForExit(20)).isZero();
    }
  }

  /** Polls /health/live: the run command must answer within 10 seconds. */
  private HttpResponse<String> awaitLive(TagwayProcess tagway, int port) throws Exception {
    return awaitPath(tagway, port, "/health/live");
  }

  private HttpResponse<String> awaitPath(TagwayProcess tagway, int port, String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(tagway.alive()).as("tagway exited early: %s", tagway.stderr()).isTrue();
      try {
        return get(port, path);
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("no answer on " + path + " within 10 s:\n" + tagway.stdout() + tagway.stderr());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(2)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
