package io.tagway.config;

import java.time.Duration;

/**
 * The HTTP server.
 *
 * @param host address to bind
 * @param port listen port; 0 picks a free one
 * @param instances event-loop verticles sharing the port; one per core by default
 * @param shutdownGrace how long in-flight requests may take to finish after SIGTERM
 */
public record HttpConfig(String host, int port, int instances, Duration shutdownGrace) {

  static HttpConfig read(ConfigReader r) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new HttpConfig(
        r.string("http.host", "0.0.0.0"),
        r.integer("http.port", 8080, 0, 65535),
        r.integer("http.instances", cores, 1, 1024),
        r.duration("http.shutdownGrace", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10)));
  }
}
