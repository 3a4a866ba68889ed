package io.tagway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Redis Cluster of three masters on loopback, for tests: three {@code redis-server} processes
 * with {@code cluster-enabled}, joined with {@code CLUSTER MEET} and given a third of the 16384
 * slots each with {@code CLUSTER ADDSLOTS}, all from Java; ready once every node reports
 * {@code cluster_state:ok}. Working directories live in a temporary folder that {@link #close()}
 * removes after stopping every node.
 */
public final class TestRedisCluster implements AutoCloseable {

  private static final int SLOTS = 16384;
  /** Redis Cluster's bus listens on the client port plus this. */
  private static final int BUS_OFFSET = 10_000;

  private final Path root;
  private final List<RedisProcess> nodes;

  private TestRedisCluster(Path root, List<RedisProcess> nodes) {
    this.root = root;
    this.nodes = nodes;
  }

  /** Starts three masters and waits until the cluster serves every slot. */
  public static TestRedisCluster start() {
    Path root;
    try {
      root = Files.createTempDirectory("tagway-redis-cluster");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<RedisProcess> nodes = new ArrayList<>();
    TestRedisCluster cluster = new TestRedisCluster(root, nodes);
    Vertx vertx = Vertx.vertx();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int port = freeClusterPort(ports);
        ports.add(port);
        nodes.add(RedisProcess.start(vertx, root.resolve("node-" + port), port, List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "5000",
            "--save", "",
            "--appendonly", "no")));
      }
      form(vertx, nodes);
      return cluster;
    } catch (RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    } finally {
      Await.await(vertx.close());
    }
  }

  /** The nodes' URLs, e.g. {@code redis://127.0.0.1:40123}, for {@code redis.endpoints}. */
  public List<String> endpoints() {
    return nodes.stream().map(RedisProcess::url).toList();
  }

  /** Stops every node and removes their working directories. */
  @Override
  public void close() {
    for (RedisProcess node : nodes) {
      node.close();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary folder is harmless.
    }
  }

  /** Introduces the nodes to each other, splits the slots between them and waits for the cluster. */
  private static void form(Vertx vertx, List<RedisProcess> nodes) {
    List<Redis> clients = nodes.stream().map(node -> Redis.createClient(vertx, node.url())).toList();
    try {
      Redis first = clients.get(0);
      for (RedisProcess other : nodes.subList(1, nodes.size())) {
        Await.await(first.send(Request.cmd(Command.CLUSTER).arg("MEET").arg("127.0.0.1").arg(other.port())));
      }
      for (int i = 0; i < nodes.size(); i++) {
        Request addSlots = Request.cmd(Command.CLUSTER).arg("ADDSLOTS");
        for (int slot = SLOTS * i / nodes.size(); slot < SLOTS * (i + 1) / nodes.size(); slot++) {
          addSlots.arg(slot);
        }
        Await.await(clients.get(i).send(addSlots));
      }
      Await.awaitUntil(vertx, Duration.ofSeconds(30), "every node reports cluster_state:ok with 3 nodes",
          () -> Future.all(clients.stream().map(client -> client.send(Request.cmd(Command.CLUSTER).arg("INFO"))).toList())
              .map(all -> all.<Response>list().stream().map(Response::toString)
                  .allMatch(info -> info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3"))));
    } finally {
      clients.forEach(Redis::close);
    }
  }

  /** A free port whose cluster bus port is free too. */
  private static int freeClusterPort(List<Integer> taken) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = TestRedis.freePort();
      boolean clashes = taken.stream().anyMatch(other ->
          other == port || other == port + BUS_OFFSET || other + BUS_OFFSET == port);
      if (port + BUS_OFFSET <= 65_535 && !clashes && free(port + BUS_OFFSET)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port pair (port, port + " + BUS_OFFSET + ") found");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
