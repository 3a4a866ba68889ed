package io.tagway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * API keys and what each may do. No keys means the API is open (start-up warns loudly).
 *
 * @param keys the keys with their scopes
 */
public record AuthConfig(List<ApiKey> keys) {

  /** What a key may do. */
  public enum Scope {
    /** {@code GET /v1/users/{account}/tags}, {@code POST /v1/tags/lookup}. */
    LOOKUP,
    /** {@code POST /v1/invalidate}, {@code DELETE /v1/users/{account}/tags}. */
    INVALIDATE
  }

  /**
   * One API key.
   *
   * @param secret the key itself
   * @param scopes what it may do
   */
  public record ApiKey(Secret secret, Set<Scope> scopes) {}

  /** True when requests need a key. */
  public boolean enabled() {
    return !keys.isEmpty();
  }

  /**
   * Reads {@code auth.keys} (a list, or comma-separated in the environment) and {@code auth.keysFile}
   * (one entry per line, {@code #} comments). An entry is {@code KEY:SCOPE[+SCOPE]}, for example
   * {@code 3f9a...:lookup+invalidate}; a key without scopes gets {@code lookup}.
   */
  static AuthConfig read(ConfigReader r) {
    List<ApiKey> keys = new ArrayList<>();
    List<String> inline = r.list("auth.keys");
    for (int i = 0; i < inline.size(); i++) {
      keys.add(parse("auth.keys", "entry " + (i + 1), inline.get(i)));
    }
    Optional<String> file = r.string("auth.keysFile");
    if (file.isPresent()) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(file.get()));
      } catch (IOException | RuntimeException e) {
        throw new ConfigException("auth.keysFile", "cannot read " + file.get() + " (" + e.getClass().getSimpleName() + ")");
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (!line.isEmpty() && !line.startsWith("#")) {
          keys.add(parse("auth.keysFile", "line " + (i + 1), line));
        }
      }
    }
    return new AuthConfig(List.copyOf(keys));
  }

  private static ApiKey parse(String key, String where, String entry) {
    int colon = entry.lastIndexOf(':');
    String secret = colon < 0 ? entry : entry.substring(0, colon);
    if (secret.length() < 16) {
      throw new ConfigException(key, where + ": an API key must be at least 16 characters");
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    if (colon < 0) {
      scopes.add(Scope.LOOKUP);
    } else {
      for (String scope : entry.substring(colon + 1).split("\\+")) {
        try {
          scopes.add(Scope.valueOf(scope.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(key, where + ": unknown scope \"" + scope.trim() + "\" (use lookup, invalidate)");
        }
      }
    }
    return new ApiKey(new Secret(secret), Set.copyOf(scopes));
  }
}
