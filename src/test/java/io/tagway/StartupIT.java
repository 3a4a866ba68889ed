package io.tagway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.TagwayProcess;
import io.tagway.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar, run as users run it. */
class StartupIT {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

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
          .contains("Shutting down")
          .contains("Stopped");
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
