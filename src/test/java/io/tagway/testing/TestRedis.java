package io.tagway.testing;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis for tests: a {@code redis-server} process this test run started on a free loopback port
 * (the one on {@code PATH}, otherwise the binary shipped in the {@code embedded-redis} test
 * dependency), or the server named by {@code REDIS_URL} when that variable is set. Tests never
 * touch any other Redis.
 */
public final class TestRedis implements AutoCloseable {

  private final String url;
  private final int port;
  private final RedisServer server;

  private TestRedis(String url, int port, RedisServer server) {
    this.url = url;
    this.port = port;
    this.server = server;
  }

  /** {@code REDIS_URL} when set, otherwise a server of our own. */
  public static TestRedis fromEnvironmentOrStart(Map<String, String> env) {
    String external = env.get("REDIS_URL");
    if (external != null && !external.isBlank()) {
      return new TestRedis(external, URI.create(external).getPort(), null);
    }
    return startOwn();
  }

  /** Always a server of our own, e.g. for a test that stops and restarts it. */
  public static TestRedis startOwn() {
    int port = freePort();
    RedisServer server;
    try {
      server = RedisServer.newRedisServer()
          .executableProvider(executableProvider())
          .bind("127.0.0.1")
          .port(port)
          .setting("save \"\"")
          .setting("appendonly no")
          .onShutdownForceStop(true)
          .build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server on port " + port, e);
    }
    return new TestRedis("redis://127.0.0.1:" + port, port, server);
  }

  /** The URL to connect to, e.g. {@code redis://127.0.0.1:40123}. */
  public String url() {
    return url;
  }

  /** The TCP port. */
  public int port() {
    return port;
  }

  /** True when this run started the server (and so may stop and restart it). */
  public boolean owned() {
    return server != null;
  }

  /** Stops the server; a later {@link #restart()} brings it back on the same port, empty. */
  public void stop() {
    requireOwned();
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server again after {@link #stop()}. */
  public void restart() {
    requireOwned();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (server != null && server.isActive()) {
      stop();
    }
  }

  private void requireOwned() {
    if (server == null) {
      throw new IllegalStateException("REDIS_URL names a Redis this test run does not own");
    }
  }

  /**
   * The {@code redis-server} executable tests run: the one on {@code PATH}, otherwise the binary
   * shipped in the {@code embedded-redis} test dependency. For harnesses that start their own
   * processes ({@link TestRedisCluster}, {@link TestRedisSentinel}).
   */
  public static File executable() {
    try {
      return executableProvider().get();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot provide a redis-server executable", e);
    }
  }

  private static ExecutableProvider executableProvider() {
    try {
      return ExecutableProvider.newExecutableInPath("redis-server");
    } catch (FileNotFoundException notOnPath) {
      return ExecutableProvider.newJarResourceProvider();
    }
  }

  /**
   * A TCP port that was free a moment ago, below Linux's ephemeral range (32768 and up), so that
   * the outgoing connections of a test run cannot take it before the server binds it.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress("0.0.0.0", port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port found");
  }

  /** Ports given out in this run, never given twice. */
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
