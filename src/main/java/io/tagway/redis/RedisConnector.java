package io.tagway.redis;

import io.tagway.config.RedisConfig;
import io.tagway.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.util.List;

/**
 * Builds Redis clients for the configured mode: standalone, Sentinel (always the master) or
 * Cluster. Every queue is bounded: the pool, its waiting callers, and the commands in flight per
 * connection. The client reconnects by itself on the next command after a failure.
 */
public final class RedisConnector {

  private final Vertx vertx;
  private final RedisConfig config;

  /** A connector for one configuration, which must have Redis enabled. */
  public RedisConnector(Vertx vertx, RedisConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** The shared, pooled client for commands. */
  public Redis client() {
    return Redis.createClient(vertx, options(config.mode()));
  }

  /**
   * A small client for PUBLISH, to the node that {@link #subscriberConnection} subscribes on. Redis
   * Cluster carries a message to every node but counts, in PUBLISH's answer, only the subscribers
   * of the node that took it; sent anywhere else, a publish would not know how many instances must
   * confirm it. Every instance meets on the first endpoint, so list the same one first everywhere.
   */
  public Redis pubSubClient() {
    return Redis.createClient(vertx, pubSubOptions().setMaxPoolSize(2));
  }

  /**
   * A dedicated connection for pub/sub: with Cluster, one to its first endpoint (messages reach
   * every node); with Sentinel, one to the master.
   */
  public Future<RedisConnection> subscriberConnection() {
    Redis client = Redis.createClient(vertx, pubSubOptions().setMaxPoolSize(1));
    return client.connect().onFailure(failure -> client.close());
  }

  private RedisOptions pubSubOptions() {
    if (!config.mode().equals("cluster")) {
      return options(config.mode());
    }
    return options("standalone").setEndpoints(List.of(config.endpoints().get(0).reveal()));
  }

  private RedisOptions options(String mode) {
    RedisOptions options = new RedisOptions()
        .setType(switch (mode) {
          case "cluster" -> RedisClientType.CLUSTER;
          case "sentinel" -> RedisClientType.SENTINEL;
          default -> RedisClientType.STANDALONE;
        })
        .setEndpoints(config.endpoints().stream().map(Secret::reveal).toList())
        .setMaxPoolSize(config.poolSize())
        .setMaxPoolWaiting(256)
        .setMaxWaitingHandlers(1024);
    if (mode.equals("sentinel")) {
      options.setMasterName(config.masterName()).setRole(RedisRole.MASTER);
    }
    config.password().ifPresent(password -> options.setPassword(password.reveal()));
    options.getNetClientOptions()
        .setConnectTimeout((int) Math.max(1000, config.timeout().toMillis()))
        .setTcpNoDelay(true)
        .setTcpKeepAlive(true);
    return options;
  }
}
