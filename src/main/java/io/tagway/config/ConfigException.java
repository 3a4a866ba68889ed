package io.tagway.config;

/**
 * A configuration value that cannot be used. The message names the key and says what is wrong
 * with it in one line; it never contains the value of a secret.
 */
public final class ConfigException extends RuntimeException {

  private final String key;

  /** A problem with one key, e.g. {@code ("http.port", "must be between 0 and 65535, got 70000")}. */
  public ConfigException(String key, String problem) {
    super(key + ": " + problem, null, false, false);
    this.key = key;
  }

  /** The key (or file, or environment variable) the problem is about. */
  public String key() {
    return key;
  }
}
