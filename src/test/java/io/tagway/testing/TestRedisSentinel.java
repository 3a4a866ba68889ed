package io.tagway.testing;

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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Redis master and one Sentinel monitoring it as {@value #MASTER_NAME}, on loopback, for tests:
 * two {@code redis-server} processes, the second run as {@code redis-server <conf> --sentinel}
 * (Sentinel rewrites its config file, so it lives in a temporary folder that {@link #close()}
 * removes after stopping both). Ready once the Sentinel names the master.
 */
public final class TestRedisSentinel implements AutoCloseable {

  /** The name the master is monitored under. */
  public static final String MASTER_NAME = "mymaster";

  private final Path root;
  private final List<RedisProcess> processes;

  private TestRedisSentinel(Path root, List<RedisProcess> processes) {
    this.root = root;
    this.processes = processes;
  }

  /** Starts the master, then the Sentinel, and waits until the Sentinel knows the master. */
  public static TestRedisSentinel start() {
    Path root;
    try {
      root = Files.createTempDirectory("tagway-redis-sentinel");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<RedisProcess> processes = new ArrayList<>();
    TestRedisSentinel sentinel = new TestRedisSentinel(root, processes);
    Vertx vertx = Vertx.vertx();
    try {
      int masterPort = TestRedis.freePort();
      processes.add(RedisProcess.start(vertx, root.resolve("master"), masterPort, List.of(
          "--port", Integer.toString(masterPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")));
      int sentinelPort = TestRedis.freePort();
      Path dir = root.resolve("sentinel");
      Files.createDirectories(dir);
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(conf, String.join("\n",
          "port " + sentinelPort,
          "bind 127.0.0.1",
          "dir " + dir.toAbsolutePath(),
          "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1",
          "sentinel down-after-milliseconds " + MASTER_NAME + " 10000",
          ""));
      processes.add(RedisProcess.start(vertx, dir, sentinelPort, List.of(conf.toAbsolutePath().toString(), "--sentinel")));
      Redis client = Redis.createClient(vertx, processes.get(1).url());
      try {
        Await.awaitUntil(vertx, Duration.ofSeconds(15), "the Sentinel names the master",
            () -> client.send(Request.cmd(Command.SENTINEL).arg("GET-MASTER-ADDR-BY-NAME").arg(MASTER_NAME))
                .map(address -> address != null && address.size() == 2
                    && address.get(1).toInteger() == masterPort));
      } finally {
        client.close();
      }
      return sentinel;
    } catch (IOException e) {
      sentinel.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | AssertionError e) {
      sentinel.close();
      throw e;
    } finally {
      Await.await(vertx.close());
    }
  }

  /** The master's URL, for checking what the gateways wrote. */
  public String masterUrl() {
    return processes.get(0).url();
  }

  /** The Sentinel's URL, for {@code redis.endpoints}. */
  public List<String> sentinelEndpoints() {
    return List.of(processes.get(1).url());
  }

  /** Stops the Sentinel, then the master, and removes their folders. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary folder is harmless.
    }
  }
}
