package io.tagway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.testing.TagwayProcess;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad configuration stops the jar with exit code 2 and one line naming the key. */
class BadConfigurationIT {

  private static final String SECRET = "do-not-print-this-key-0123456789";

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      TAGWAY_HTTP_PORT           | eighty            | http.port: must be an integer, got "eighty"
      TAGWAY_HTTP_PORT           | 99999             | http.port: must be between 0 and 65535, got 99999
      TAGWAY_HTTP_PROT           | 8080              | TAGWAY_HTTP_PROT: unknown environment variable
      TAGWAY_UPSTREAM_BASE_URL   | https://console.tim.qq.com | upstream.sdkAppId: required when upstream.baseUrl is set
      TAGWAY_UPSTREAM_TIMEOUT    | soon              | upstream.timeout: must be a duration
      TAGWAY_HTTP_TRANSPORT      | turbo             | http.transport: must be one of auto, io_uring, epoll, nio, got "turbo"
      """)
  void exitsWithCodeTwoAndOneLine(String variable, String value, String message) throws Exception {
    try (TagwayProcess tagway = TagwayProcess.start(Map.of(variable, value, "TAGWAY_UPSTREAM_SECRET_KEY", SECRET))) {
      assertThat(tagway.waitForExit(20)).isEqualTo(2);
      assertOneLine(tagway, "tagway: configuration error: " + message);
    }
  }

  /** A transport named in the configuration that cannot load here (Netty's natives are switched off). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"io_uring", "epoll"})
  void aNamedTransportThatCannotLoadExitsWithCodeTwo(String transport) throws Exception {
    try (TagwayProcess tagway = TagwayProcess.start(List.of("-Dio.netty.transport.noNative=true"),
        Map.of("TAGWAY_HTTP_TRANSPORT", transport, "TAGWAY_HTTP_PORT", "0", "TAGWAY_UPSTREAM_SECRET_KEY", SECRET))) {
      assertThat(tagway.waitForExit(20)).isEqualTo(2);
      assertOneLine(tagway, "tagway: configuration error: http.transport: " + transport + " is unavailable here (");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --config=does/not/exist.yaml  | tagway: configuration error: does/not/exist.yaml: file not found
      --no-such-option              | tagway: Unknown option: '--no-such-option'
      """)
  void badArgumentsExitWithCodeTwo(String argument, String message) throws Exception {
    try (TagwayProcess tagway = TagwayProcess.start(Map.of(), argument)) {
      assertThat(tagway.waitForExit(20)).isEqualTo(2);
      assertOneLine(tagway, message);
    }
  }

  private static void assertOneLine(TagwayProcess tagway, String expectedStart) {
    String err = tagway.stderr();
    assertThat(err.lines()).hasSize(1);
    assertThat(err).startsWith(expectedStart).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(SECRET);
    assertThat(tagway.stdout()).doesNotContain(SECRET);
  }
}
