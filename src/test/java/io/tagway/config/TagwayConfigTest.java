package io.tagway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TagwayConfigTest {

  @TempDir
  Path dir;

  @Test
  void theShippedFileLoadsAndMatchesTheBuiltInDefaults() {
    TagwayConfig shipped = TagwayConfig.load(TagwayConfig.DEFAULT_FILE, Map.of());
    TagwayConfig builtIn = TagwayConfig.read(ConfigReader.of(Map.of(), Map.of()));

    assertThat(shipped).isEqualTo(builtIn);
    assertThat(shipped.http().port()).isEqualTo(8080);
    assertThat(shipped.http().instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(shipped.http().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(shipped.http().transport()).isEqualTo("auto");
    assertThat(shipped.upstream().embeddedEmulator()).isTrue();
    assertThat(shipped.upstream().sdkAppId()).isEqualTo(1_400_000_000L);
    assertThat(shipped.upstream().identifier()).isEqualTo("administrator");
    assertThat(shipped.upstream().secretKey()).isEmpty();
    assertThat(shipped.upstream().rateLimit()).isEqualTo(100);
    assertThat(shipped.redis().enabled()).isFalse();
    assertThat(shipped.logLevel()).isEqualTo("info");
  }

  static Stream<Arguments> overrides() {
    return Stream.of(
        override("TAGWAY_HTTP_HOST", "127.0.0.1", c -> c.http().host(), "127.0.0.1"),
        override("TAGWAY_HTTP_PORT", "9090", c -> c.http().port(), 9090),
        override("TAGWAY_HTTP_INSTANCES", "3", c -> c.http().instances(), 3),
        override("TAGWAY_HTTP_TRANSPORT", "epoll", c -> c.http().transport(), "epoll"),
        override("TAGWAY_HTTP_SHUTDOWN_GRACE", "1500ms", c -> c.http().shutdownGrace(), Duration.ofMillis(1500)),
        override("TAGWAY_UPSTREAM_SDK_APP_ID", "1400000001", c -> c.upstream().sdkAppId(), 1_400_000_001L),
        override("TAGWAY_UPSTREAM_IDENTIFIER", "admin2", c -> c.upstream().identifier(), "admin2"),
        override("TAGWAY_UPSTREAM_SECRET_KEY", "k3y", c -> c.upstream().secretKey().map(Secret::reveal), Optional.of("k3y")),
        override("TAGWAY_UPSTREAM_RATE_LIMIT", "50", c -> c.upstream().rateLimit(), 50),
        override("TAGWAY_UPSTREAM_TIMEOUT", "2s", c -> c.upstream().timeout(), Duration.ofSeconds(2)),
        override("TAGWAY_UPSTREAM_USER_SIG_LIFETIME", "7d", c -> c.upstream().userSigLifetime(), Duration.ofDays(7)),
        override("TAGWAY_REDIS_URL", "redis://127.0.0.1:7000", c -> c.redis().endpoints().get(0).reveal(), "redis://127.0.0.1:7000"),
        override("TAGWAY_REDIS_MASTER_NAME", "primary", c -> c.redis().masterName(), "primary"),
        override("TAGWAY_REDIS_ACK_TIMEOUT", "2s", c -> c.redis().ackTimeout(), Duration.ofSeconds(2)),
        override("TAGWAY_REDIS_TIMEOUT", "1s", c -> c.redis().timeout(), Duration.ofSeconds(1)),
        override("TAGWAY_REDIS_FALLBACK_SHARE", "0.5", c -> c.redis().fallbackShare(), 0.5),
        override("TAGWAY_EMULATOR_USERS", "10", c -> c.emulator().users(), 10),
        override("TAGWAY_EMULATOR_SEED", "-7", c -> c.emulator().seed(), -7L),
        override("TAGWAY_EMULATOR_LATENCY", "30ms", c -> c.emulator().latency(), Duration.ofMillis(30)),
        override("TAGWAY_LOG_LEVEL", "debug", TagwayConfig::logLevel, "debug"));
  }

  private static Arguments override(String env, String value, Function<TagwayConfig, Object> read, Object expected) {
    return Arguments.of(env, value, read, expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("overrides")
  void everyKeyCanBeOverriddenFromTheEnvironment(String env, String value, Function<TagwayConfig, Object> read, Object expected) {
    TagwayConfig config = TagwayConfig.load(TagwayConfig.DEFAULT_FILE, Map.of(env, value));
    assertThat(read.apply(config)).isEqualTo(expected);
  }

  @Test
  void overridesBeatTheFileAndAnEmptyVariableUnsetsAKey() throws IOException {
    Path file = write("http:\n  port: 8081\nredis:\n  url: redis://127.0.0.1:7000\n");
    TagwayConfig config = TagwayConfig.load(file, Map.of("TAGWAY_HTTP_PORT", "8082", "TAGWAY_REDIS_URL", ""));
    assertThat(config.http().port()).isEqualTo(8082);
    assertThat(config.redis().enabled()).isFalse();
  }

  @Test
  void aRealUpstreamNeedsAppIdAndKeyAndAcceptsAKeyFile() throws IOException {
    Path key = dir.resolve("key");
    Files.writeString(key, "from-file\n");
    Map<String, String> env = new HashMap<>();
    env.put("TAGWAY_UPSTREAM_BASE_URL", "https://adminapisgp.im.qcloud.com");
    env.put("TAGWAY_UPSTREAM_SDK_APP_ID", "1400123456");
    env.put("TAGWAY_UPSTREAM_SECRET_KEY_FILE", key.toString());

    UpstreamConfig upstream = TagwayConfig.load(TagwayConfig.DEFAULT_FILE, env).upstream();

    assertThat(upstream.embeddedEmulator()).isFalse();
    assertThat(upstream.baseUrl()).contains(URI.create("https://adminapisgp.im.qcloud.com"));
    assertThat(upstream.sdkAppId()).isEqualTo(1_400_123_456L);
    assertThat(upstream.secretKey().orElseThrow().reveal()).isEqualTo("from-file");
    assertThat(upstream.secretKey().orElseThrow().toString()).doesNotContain("from-file");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown key in file            | http:\\n  prot: 8080                 |                                   | http.prot: unknown key
      unknown environment variable   |                                     | TAGWAY_HTTP_PROT=1                | TAGWAY_HTTP_PROT: unknown environment variable
      wrong type                     | http:\\n  port: eighty               |                                   | http.port: must be an integer, got "eighty"
      wrong type from environment    |                                     | TAGWAY_UPSTREAM_RATE_LIMIT=many   | upstream.rateLimit: must be an integer, got "many"
      out of range                   | http:\\n  port: 70000                |                                   | http.port: must be between 0 and 65535, got 70000
      zero rate                      | upstream:\\n  rateLimit: 0           |                                   | upstream.rateLimit: must be between 1 and 100000, got 0
      bad duration                   | upstream:\\n  timeout: 3 seconds     |                                   | upstream.timeout: must be a duration such as 250ms
      duration out of range          | upstream:\\n  timeout: 1ms           |                                   | upstream.timeout: must be between 10ms and 2m, got 1ms
      mapping where a value belongs  | http:\\n  port:\\n    a: 1            |                                   | http.port: must be a single value, not a mapping
      unknown transport              | http:\\n  transport: uring        |                                   | http.transport: must be one of auto, io_uring, epoll, nio, got "uring"
      not a boolean-like level       | log:\\n  level: loud                 |                                   | log.level: must be one of trace, debug, info, warn, error
      missing app id                 |                                     | TAGWAY_UPSTREAM_BASE_URL=https://console.tim.qq.com | upstream.sdkAppId: required when upstream.baseUrl is set
      bad base URL                   | upstream:\\n  baseUrl: ftp://x       |                                   | upstream.baseUrl: must be an http:// or https:// URL
      bad redis URL                  | redis:\\n  url: http://localhost     |                                   | redis.url: must start with redis://
      invalid YAML                   | http: [\\n                          |                                   | invalid YAML at line
      duplicate key                  | http:\\n  port: 1\\n  port: 2          |                                   | invalid YAML at line 3
      top level not a mapping        | - a\\n- b                            |                                   | must be a YAML mapping
      """)
  void badValuesNameTheKeyAndTheProblem(String name, String yaml, String envPair, String expected) throws IOException {
    Path file = write(yaml == null ? "" : yaml.replace("\\n", "\n"));
    Map<String, String> env = new HashMap<>();
    if (envPair != null) {
      String[] kv = envPair.split("=", 2);
      env.put(kv[0], kv[1]);
    }
    assertThatThrownBy(() -> TagwayConfig.load(file, env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aMissingSecretIsReportedWithoutAnyValue() {
    Map<String, String> env = Map.of(
        "TAGWAY_UPSTREAM_BASE_URL", "https://console.tim.qq.com",
        "TAGWAY_UPSTREAM_SDK_APP_ID", "1400000000");
    assertThatThrownBy(() -> TagwayConfig.load(TagwayConfig.DEFAULT_FILE, env))
        .hasMessage("upstream.secretKey: required when upstream.baseUrl is set (or set upstream.secretKeyFile)");
  }

  @Test
  void secretsNeverAppearInErrors() throws IOException {
    String secret = "0123456789abcdef-very-secret";
    Path missing = dir.resolve("absent-key-file");
    assertThatThrownBy(() -> TagwayConfig.load(TagwayConfig.DEFAULT_FILE,
            Map.of("TAGWAY_UPSTREAM_SECRET_KEY", secret, "TAGWAY_UPSTREAM_SECRET_KEY_FILE", missing.toString())))
        .hasMessageContaining("upstream.secretKey: set either")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    Path file = write("upstream:\n  secretKey:\n    - " + secret + "\n");
    assertThatThrownBy(() -> TagwayConfig.load(file, Map.of()))
        .hasMessageContaining("upstream.secretKey: must be a single value")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    assertThatThrownBy(() -> TagwayConfig.load(TagwayConfig.DEFAULT_FILE,
            Map.of("TAGWAY_UPSTREAM_SECRET_KEY_FILE", missing.toString())))
        .hasMessageContaining("upstream.secretKeyFile: cannot read");
    assertThatThrownBy(() -> TagwayConfig.load(TagwayConfig.DEFAULT_FILE, Map.of("TAGWAY_REDIS_URL", "http://:" + secret + "@host")))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
  }

  @Test
  void clusterAndSentinelTakeSeveralEndpoints() throws IOException {
    Path file = write("redis:\n  mode: cluster\n  endpoints:\n    - redis://127.0.0.1:7000\n    - redis://127.0.0.1:7001\n");
    RedisConfig redis = TagwayConfig.load(file, Map.of()).redis();
    assertThat(redis.mode()).isEqualTo("cluster");
    assertThat(redis.endpoints()).hasSize(2);
    assertThat(redis.describe()).isEqualTo("cluster redis://127.0.0.1:7000,redis://127.0.0.1:7001");
    assertThatThrownBy(() -> TagwayConfig.load(TagwayConfig.DEFAULT_FILE, Map.of("TAGWAY_REDIS_MODE", "sentinel")))
        .hasMessage("redis.endpoints: required with redis.mode sentinel");
    assertThatThrownBy(() -> TagwayConfig.load(TagwayConfig.DEFAULT_FILE,
            Map.of("TAGWAY_REDIS_ENDPOINTS", "redis://a:1,redis://b:2")))
        .hasMessageContaining("a standalone Redis takes one URL");
  }

  @Test
  void aMissingFileIsReported() {
    assertThatThrownBy(() -> TagwayConfig.load(dir.resolve("nope.yaml"), Map.of()))
        .hasMessageEndingWith("nope.yaml: file not found");
  }

  @Test
  void redisPasswordsAreMaskedForLogs() {
    assertThat(RedisConfig.redact("redis://:pw@host:6379/0")).isEqualTo("redis://***@host:6379/0");
    assertThat(RedisConfig.redact("redis://host:6379")).isEqualTo("redis://host:6379");
  }

  @ParameterizedTest
  @CsvSource({
      "http.port, TAGWAY_HTTP_PORT",
      "upstream.sdkAppId, TAGWAY_UPSTREAM_SDK_APP_ID",
      "upstream.baseUrl, TAGWAY_UPSTREAM_BASE_URL",
      "upstream.secretKeyFile, TAGWAY_UPSTREAM_SECRET_KEY_FILE",
      "http.maxLookupAccounts, TAGWAY_HTTP_MAX_LOOKUP_ACCOUNTS"})
  void environmentNamesFollowTheKeyPath(String key, String env) {
    assertThat(ConfigReader.envName(key)).isEqualTo(env);
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "tagway", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
