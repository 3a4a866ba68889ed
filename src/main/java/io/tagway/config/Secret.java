package io.tagway.config;

import java.util.Objects;

/** A secret configuration value (app key, API key, password) that never prints itself. */
public final class Secret {

  private final String value;

  /** Wraps a secret; the value must not be empty. */
  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The secret itself: hand it only to the code that signs or compares with it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "[secret]";
  }
}
