package io.tagway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} process on a loopback port, started by the test run with its working
 * directory and log in a folder of its own. Stopped by {@link #close()}, and by a shutdown hook
 * should the test JVM exit first.
 */
final class RedisProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;

  private RedisProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.shutdownHook = new Thread(process::destroyForcibly, "redis-" + port + "-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Runs {@code redis-server ARGS} in {@code dir} (created if need be) and waits until it answers
   * PING on {@code port}. {@code args} must make it listen on that port.
   */
  static RedisProcess start(Vertx vertx, Path dir, int port, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(TestRedis.executable().getAbsolutePath());
    command.addAll(args);
    Path log = dir.resolve("redis.log");
    RedisProcess started;
    try {
      Files.createDirectories(dir);
      Process process = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      started = new RedisProcess(process, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      Redis client = Redis.createClient(vertx, started.url());
      try {
        Await.awaitUntil(vertx, Duration.ofSeconds(15), "redis-server on port " + port + " answers PING",
            () -> started.process.isAlive()
                ? client.send(Request.cmd(Command.PING)).map(pong -> true)
                : Future.failedFuture("redis-server exited"));
      } finally {
        client.close();
      }
    } catch (RuntimeException | AssertionError e) {
      String output = started.output();
      started.close();
      throw new AssertionError("redis-server did not come up on port " + port + "; its output:\n" + output, e);
    }
    return started;
  }

  /** {@code redis://127.0.0.1:PORT}. */
  String url() {
    return "redis://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** What the process wrote so far. */
  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** Terminates the process and waits for it to exit (forcibly after five seconds). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs anyway and finds the process gone.
    }
  }
}
