package io.tagway.api;

import io.tagway.config.AuthConfig;
import io.tagway.config.AuthConfig.Scope;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code Authorization: Bearer <key>} with scopes. Keys are held only as SHA-256 digests and a
 * presented key is found by its digest, so the time taken says nothing about how much of a key
 * matched. Keys never reach logs or responses.
 */
public final class ApiAuth {

  private static final CharSequence WWW_AUTHENTICATE = HttpHeaders.createOptimized("WWW-Authenticate");
  private static final CharSequence CHALLENGE = HttpHeaders.createOptimized("Bearer realm=\"tagway\"");

  private final Map<Digest, Set<Scope>> scopesByDigest = new HashMap<>();

  /** The keys of the configuration; none means the API is open. */
  public ApiAuth(AuthConfig config) {
    for (AuthConfig.ApiKey key : config.keys()) {
      scopesByDigest.merge(new Digest(sha256(key.secret().reveal())), key.scopes(), (a, b) -> {
        java.util.EnumSet<Scope> both = java.util.EnumSet.copyOf(a);
        both.addAll(b);
        return Set.copyOf(both);
      });
    }
  }

  /** True when requests need a key. */
  public boolean enabled() {
    return !scopesByDigest.isEmpty();
  }

  /** A handler that lets the request through only with a key holding {@code scope}; only when {@link #enabled()}. */
  Handler<RoutingContext> require(Scope scope) {
    return ctx -> {
      Set<Scope> scopes = scopes(ctx.request());
      if (scopes == null) {
        ctx.response().putHeader(WWW_AUTHENTICATE, CHALLENGE);
        ErrorResponse.send(ctx, 401, "unauthorized", "a valid API key is required: Authorization: Bearer <key>");
      } else if (!scopes.contains(scope)) {
        ErrorResponse.send(ctx, 403, "forbidden", "this API key lacks the " + scope.name().toLowerCase() + " scope");
      } else {
        ctx.next();
      }
    };
  }

  /** True when the API is open or the request carries a key holding {@code scope}. */
  boolean permits(HttpServerRequest request, Scope scope) {
    if (!enabled()) {
      return true;
    }
    Set<Scope> scopes = scopes(request);
    return scopes != null && scopes.contains(scope);
  }

  /** The scopes of the request's key, or null when it has none that is known. */
  private Set<Scope> scopes(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return scopesByDigest.get(new Digest(sha256(header.substring(7).trim())));
    }
    return null;
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A digest usable as a map key. */
  private record Digest(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Digest other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }
  }
}
