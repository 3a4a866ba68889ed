package io.tagway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed, validated access to the YAML configuration with {@code TAGWAY_*} environment overrides.
 *
 * <p>Every getter names its key, its default and its bounds, so the code that builds the config
 * records is the schema. A key {@code upstream.sdkAppId} is overridden by the environment variable
 * {@code TAGWAY_UPSTREAM_SDK_APP_ID}; an empty variable unsets the key. After the records are built,
 * {@link #rejectUnknown()} fails on any key in the file or {@code TAGWAY_} variable that nothing
 * read, so a typo never goes unnoticed.
 */
public final class ConfigReader {

  /** Prefix of the environment variables that override keys. */
  public static final String ENV_PREFIX = "TAGWAY_";

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

  private final Map<String, Object> file;
  private final Map<String, String> env;
  private final Set<String> readKeys = new HashSet<>();

  private ConfigReader(Map<String, Object> file, Map<String, String> env) {
    this.file = file;
    this.env = env;
  }

  /** A reader over a parsed key tree (nested maps) and the process environment. */
  public static ConfigReader of(Map<String, ?> tree, Map<String, String> environment) {
    Map<String, Object> flat = new TreeMap<>();
    flatten("", tree, flat);
    Map<String, String> env = new TreeMap<>();
    environment.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX)) {
        env.put(name, value);
      }
    });
    return new ConfigReader(flat, env);
  }

  /** Reads a YAML file; an empty file means all defaults. */
  public static ConfigReader load(Path path, Map<String, String> environment) {
    return of(parseYaml(path), environment);
  }

  /** The environment variable that overrides a key: {@code http.maxBodySize} → {@code TAGWAY_HTTP_MAX_BODY_SIZE}. */
  public static String envName(String key) {
    return ENV_PREFIX
        + key.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /** An optional string; blank counts as unset. */
  public Optional<String> string(String key) {
    return raw(key).map(value -> scalar(key, value).trim()).filter(s -> !s.isEmpty());
  }

  /** A string with a default. */
  public String string(String key, String defaultValue) {
    return string(key).orElse(defaultValue);
  }

  /** One of a fixed set of lower-case words. */
  public String oneOf(String key, String defaultValue, Collection<String> allowed) {
    String value = string(key, defaultValue);
    if (!allowed.contains(value)) {
      throw new ConfigException(key, "must be one of " + String.join(", ", allowed) + ", got \"" + value + "\"");
    }
    return value;
  }

  /** An integer within bounds. */
  public int integer(String key, int defaultValue, int min, int max) {
    return (int) longInteger(key, defaultValue, min, max);
  }

  /** An optional long integer within bounds. */
  public Optional<Long> longInteger(String key, long min, long max) {
    return raw(key).map(value -> {
      long parsed;
      if (value instanceof Integer || value instanceof Long) {
        parsed = ((Number) value).longValue();
      } else {
        String text = scalar(key, value).trim();
        try {
          parsed = Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new ConfigException(key, "must be an integer, got \"" + text + "\"");
        }
      }
      if (parsed < min || parsed > max) {
        throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + parsed);
      }
      return parsed;
    });
  }

  /** A long integer within bounds, with a default. */
  public long longInteger(String key, long defaultValue, long min, long max) {
    return longInteger(key, min, max).orElse(defaultValue);
  }

  /** A boolean: {@code true} or {@code false}. */
  public boolean bool(String key, boolean defaultValue) {
    return raw(key).map(value -> {
      if (value instanceof Boolean b) {
        return b;
      }
      String text = scalar(key, value).trim().toLowerCase(Locale.ROOT);
      return switch (text) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new ConfigException(key, "must be true or false, got \"" + text + "\"");
      };
    }).orElse(defaultValue);
  }

  /** A duration written with a unit ({@code 250ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d}) within bounds. */
  public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    Duration value = raw(key).map(raw -> parseDuration(key, scalar(key, raw))).orElse(defaultValue);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(key, "must be between " + format(min) + " and " + format(max) + ", got " + format(value));
    }
    return value;
  }

  /** A share between 0 and 1. */
  public double fraction(String key, double defaultValue) {
    return raw(key).map(value -> {
      String text = scalar(key, value).trim();
      double parsed;
      try {
        parsed = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "must be a number between 0 and 1, got \"" + text + "\"");
      }
      if (!(parsed >= 0 && parsed <= 1)) {
        throw new ConfigException(key, "must be a number between 0 and 1, got " + text);
      }
      return parsed;
    }).orElse(defaultValue);
  }

  /** A list of strings: a YAML sequence, or a comma-separated string (as environment variables give). */
  public List<String> list(String key) {
    return raw(key).map(value -> {
      List<String> items = new ArrayList<>();
      if (value instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Map || item instanceof List || item == null) {
            throw new ConfigException(key, "must be a list of strings");
          }
          items.add(item.toString().trim());
        }
      } else {
        for (String item : scalar(key, value).split(",")) {
          items.add(item.trim());
        }
      }
      items.removeIf(String::isEmpty);
      return List.copyOf(items);
    }).orElse(List.of());
  }

  /**
   * A secret, given either inline under {@code key} or as a file under {@code key + "File"}; at most
   * one of the two. Error messages name the key or the file, never the value.
   */
  public Optional<Secret> secret(String key) {
    Optional<String> inline = raw(key).map(value -> scalar(key, value).trim()).filter(s -> !s.isEmpty());
    String fileKey = key + "File";
    Optional<String> path = string(fileKey);
    if (inline.isPresent() && path.isPresent()) {
      throw new ConfigException(key, "set either " + key + " or " + fileKey + ", not both");
    }
    if (path.isPresent()) {
      String content;
      try {
        content = Files.readString(Path.of(path.get())).trim();
      } catch (IOException | RuntimeException e) {
        throw new ConfigException(fileKey, "cannot read " + path.get() + " (" + e.getClass().getSimpleName() + ")");
      }
      if (content.isEmpty()) {
        throw new ConfigException(fileKey, path.get() + " is empty");
      }
      return Optional.of(new Secret(content));
    }
    return inline.map(Secret::new);
  }

  /** Fails on the first key in the file, or {@code TAGWAY_} variable, that no getter read. */
  public void rejectUnknown() {
    for (String key : file.keySet()) {
      if (!readKeys.contains(key)) {
        for (String known : readKeys) {
          if (key.startsWith(known + ".")) {
            throw new ConfigException(known, "must be a single value, not a mapping");
          }
        }
        throw new ConfigException(key, "unknown key");
      }
    }
    Set<String> known = new HashSet<>();
    readKeys.forEach(key -> known.add(envName(key)));
    for (String name : env.keySet()) {
      if (!known.contains(name)) {
        throw new ConfigException(name, "unknown environment variable (no such configuration key)");
      }
    }
  }

  private Optional<Object> raw(String key) {
    readKeys.add(key);
    String override = env.get(envName(key));
    if (override != null) {
      return override.isBlank() ? Optional.empty() : Optional.of(override);
    }
    return Optional.ofNullable(file.get(key));
  }

  private static String scalar(String key, Object value) {
    if (value instanceof Map || value instanceof List) {
      throw new ConfigException(key, "must be a single value, not a " + (value instanceof Map ? "mapping" : "list"));
    }
    return value.toString();
  }

  private static Duration parseDuration(String key, String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new ConfigException(key, "must be a duration such as 250ms, 10s, 5m, 24h or 7d, got \"" + text.trim() + "\"");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** Formats a duration the way the config file writes it. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) {
      return ms / 86_400_000 + "d";
    } else if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    } else if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    } else if (ms % 1000 == 0 && ms > 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static void flatten(String prefix, Map<String, ?> tree, Map<String, Object> out) {
    tree.forEach((name, value) -> {
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      if (value instanceof Map<?, ?> nested) {
        @SuppressWarnings("unchecked")
        Map<String, ?> child = (Map<String, ?>) nested;
        flatten(key, child, out);
      } else if (value != null) {
        out.put(key, value);
      }
    });
  }

  private static Map<String, Object> parseYaml(Path path) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    try {
      if (Files.size(path) == 0) {
        return Map.of();
      }
      Object tree = yaml.readValue(path.toFile(), Object.class);
      if (tree == null) {
        return Map.of();
      }
      if (!(tree instanceof Map)) {
        throw new ConfigException(path.toString(), "must be a YAML mapping of keys to values");
      }
      Map<String, Object> result = yaml.convertValue(tree, new TypeReference<LinkedHashMap<String, Object>>() {});
      return result;
    } catch (NoSuchFileException e) {
      throw new ConfigException(path.toString(), "file not found");
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ConfigException(path.toString(), "invalid YAML" + where + ": " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigException(path.toString(), "cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
