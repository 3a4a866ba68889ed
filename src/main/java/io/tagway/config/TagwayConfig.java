package io.tagway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The whole, validated configuration: resolved once at start-up and passed to what needs it.
 *
 * @param logLevel root log level: trace, debug, info, warn or error
 */
public record TagwayConfig(
    HttpConfig http,
    UpstreamConfig upstream,
    RedisConfig redis,
    AuthConfig auth,
    CacheConfig cache,
    LookupConfig lookup,
    EmulatorConfig emulator,
    String logLevel) {

  /** The file {@code java -jar tagway.jar} reads when no {@code --config} is given. */
  public static final Path DEFAULT_FILE = Path.of("conf", "tagway.yaml");

  /** Builds the records from a reader, then rejects keys nothing read. */
  public static TagwayConfig read(ConfigReader r) {
    TagwayConfig config = new TagwayConfig(
        HttpConfig.read(r),
        UpstreamConfig.read(r),
        RedisConfig.read(r),
        AuthConfig.read(r),
        CacheConfig.read(r),
        LookupConfig.read(r),
        EmulatorConfig.read(r),
        r.oneOf("log.level", "info", List.of("trace", "debug", "info", "warn", "error")));
    r.rejectUnknown();
    return config;
  }

  /** Loads a file (which must exist) with environment overrides. */
  public static TagwayConfig load(Path file, Map<String, String> env) {
    return read(ConfigReader.load(file, env));
  }

  /** Loads the default file if it exists, otherwise the built-in defaults, with environment overrides. */
  public static TagwayConfig loadDefault(Map<String, String> env) {
    return Files.exists(DEFAULT_FILE) ? load(DEFAULT_FILE, env) : read(ConfigReader.of(Map.of(), env));
  }
}
