package io.tagway.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} and {@code --flag} command-line arguments, read once; unknown keys are errors. */
final class Args {

  private final Map<String, String> values = new HashMap<>();
  private final Map<String, Boolean> used = new HashMap<>();

  Args(String[] argv) {
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      String key = arg.substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        values.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
        values.put(key, argv[++i]);
      } else {
        values.put(key, "true");
      }
    }
  }

  String string(String key, String fallback) {
    used.put(key, true);
    return values.getOrDefault(key, fallback);
  }

  String required(String key) {
    String value = string(key, null);
    if (value == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return value;
  }

  long longValue(String key, long fallback) {
    String value = string(key, null);
    return value == null ? fallback : Long.parseLong(value.replace("_", ""));
  }

  int intValue(String key, int fallback) {
    return Math.toIntExact(longValue(key, fallback));
  }

  double doubleValue(String key, double fallback) {
    String value = string(key, null);
    return value == null ? fallback : Double.parseDouble(value);
  }

  boolean flag(String key) {
    return Boolean.parseBoolean(string(key, "false"));
  }

  /** Fails on any argument that no getter asked for: a typo must not pass silently. */
  void checkAllUsed() {
    for (String key : values.keySet()) {
      if (!used.containsKey(key)) {
        throw new IllegalArgumentException("unknown option --" + key);
      }
    }
  }
}
