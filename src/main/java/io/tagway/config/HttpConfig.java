package io.tagway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP server.
 *
 * @param host address to bind
 * @param port listen port; 0 picks a free one
 * @param instances event-loop verticles sharing the port; one per core by default
 * @param shutdownGrace how long in-flight requests may take to finish after SIGTERM
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param maxLookupAccounts most accounts in one {@code POST /v1/tags/lookup} or invalidation
 * @param maxAccountBytes longest account name, in UTF-8 bytes
 * @param tls the PEM certificate and key when the port serves HTTPS only
 * @param transport the network transport of every connection: {@code auto} (io_uring where the
 *     kernel offers it, else epoll, else NIO), {@code io_uring}, {@code epoll} or {@code nio}
 */
public record HttpConfig(
    String host,
    int port,
    int instances,
    Duration shutdownGrace,
    int maxBodyBytes,
    int maxLookupAccounts,
    int maxAccountBytes,
    Optional<Tls> tls,
    String transport) {

  /** The values {@code http.transport} accepts. */
  public static final List<String> TRANSPORTS = List.of("auto", "io_uring", "epoll", "nio");

  /**
   * PEM files of the server's certificate chain and private key.
   *
   * @param certFile the certificate chain
   * @param keyFile the private key
   */
  public record Tls(Path certFile, Path keyFile) {}

  static HttpConfig read(ConfigReader r) {
    int cores = Runtime.getRuntime().availableProcessors();
    Optional<Path> cert = r.string("http.tls.certFile").map(Path::of);
    Optional<Path> key = r.string("http.tls.keyFile").map(Path::of);
    if (cert.isPresent() != key.isPresent()) {
      throw new ConfigException(cert.isPresent() ? "http.tls.keyFile" : "http.tls.certFile",
          "required with " + (cert.isPresent() ? "http.tls.certFile" : "http.tls.keyFile"));
    }
    cert.ifPresent(path -> readable("http.tls.certFile", path));
    key.ifPresent(path -> readable("http.tls.keyFile", path));
    return new HttpConfig(
        r.string("http.host", "0.0.0.0"),
        r.integer("http.port", 8080, 0, 65535),
        r.integer("http.instances", cores, 1, 1024),
        r.duration("http.shutdownGrace", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(10)),
        r.integer("http.maxBodyBytes", 256 * 1024, 1024, 64 * 1024 * 1024),
        r.integer("http.maxLookupAccounts", 1000, 1, 100_000),
        r.integer("http.maxAccountBytes", 32, 1, 1024),
        cert.map(c -> new Tls(c, key.orElseThrow())),
        r.oneOf("http.transport", "auto", TRANSPORTS));
  }

  private static void readable(String key, Path path) {
    if (!Files.isReadable(path)) {
      throw new ConfigException(key, "cannot read " + path);
    }
  }
}
