package io.tagway.health;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Whether this instance should receive traffic. Each component (HTTP server, upstream
 * credentials, Redis) reports itself up or down with a reason; the instance is ready when none is
 * down and it is not draining for shutdown. Thread-safe.
 */
public final class Readiness {

  private final ConcurrentMap<String, String> down = new ConcurrentHashMap<>();
  private volatile boolean draining;

  /** Marks a component healthy. */
  public void up(String component) {
    down.remove(component);
  }

  /** Marks a component unhealthy; the reason is shown on {@code /health/ready} and must hold no secret. */
  public void down(String component, String reason) {
    down.put(component, reason);
  }

  /** From now on the instance reports not ready, so load balancers stop sending new requests. */
  public void startDraining() {
    draining = true;
  }

  /** True once {@link #startDraining()} was called. */
  public boolean draining() {
    return draining;
  }

  /** True when every component is up and the instance is not shutting down. */
  public boolean ready() {
    return !draining && down.isEmpty();
  }

  /** The components that are down, with their reasons, sorted by name. */
  public Map<String, String> problems() {
    Map<String, String> problems = new TreeMap<>(down);
    if (draining) {
      problems.put("lifecycle", "shutting down");
    }
    return problems;
  }
}
