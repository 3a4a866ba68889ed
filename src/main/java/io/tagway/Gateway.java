package io.tagway;

import io.tagway.api.ApiAuth;
import io.tagway.api.ApiServices;
import io.tagway.api.ApiVerticle;
import io.tagway.config.TagwayConfig;
import io.tagway.health.Readiness;
import io.tagway.lookup.LookupEngine;
import io.tagway.lookup.LookupListener;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: one {@link Vertx}, the shared services, and one {@link ApiVerticle} per
 * configured instance on a shared port.
 */
public final class Gateway {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final Readiness readiness;

  private Gateway(Vertx vertx, Readiness readiness) {
    this.vertx = vertx;
    this.readiness = readiness;
  }

  /** Starts everything the configuration asks for; on failure, releases what was started. */
  public static Future<Gateway> start(TagwayConfig config) {
    Vertx vertx = Vertx.vertx();
    Readiness readiness = new Readiness();
    ApiAuth auth = new ApiAuth(config.auth());
    if (!auth.enabled()) {
      LOG.warn("NO API KEYS CONFIGURED: the API is open to anyone who can reach port {}. "
          + "Set auth.keys or auth.keysFile (scopes: lookup, invalidate) before exposing it.", config.http().port());
    }
    readiness.down("http", "starting");
    DeploymentOptions deployment = new DeploymentOptions().setInstances(config.http().instances());
    // Called from a non-Vert.x thread, this is a fresh event-loop context: the engine's own.
    Context engineContext = vertx.getOrCreateContext();
    return UpstreamSetup.start(vertx, config)
        .map(upstream -> {
          LookupEngine engine = LookupEngine.create(vertx, engineContext, config, upstream.client(),
              new UpstreamReadiness(readiness), LookupListener.NONE);
          watchRedis(vertx, engine, readiness);
          return engine;
        })
        .compose(engine -> engine.start().map(engine))
        .compose(engine -> {
          ApiServices services = new ApiServices(config.http(), readiness, engine.service(), engine.invalidator(),
              auth, config.lookup().timeout());
          return vertx.deployVerticle(() -> new ApiVerticle(services), deployment);
        })
        .map(id -> {
          readiness.up("http");
          LOG.info("Tagway listening on {}://{}:{} with {} event-loop instance(s)",
              config.http().tls().isPresent() ? "https" : "http", config.http().host(), config.http().port(),
              config.http().instances());
          LOG.info("L2 cache (Redis): {}", config.redis().describe());
          return new Gateway(vertx, readiness);
        })
        // Closing afterwards: once Vert.x is closed no callback of its futures would run.
        .onFailure(failure -> vertx.close());
  }

  /**
   * Readiness follows Redis: reachable, or deliberately off. While it is not, lookups still work
   * (through the upstream, with the rate limit applied locally at this instance's share). Redis is
   * pinged every second: a not-ready instance gets no traffic, so its lookups cannot be what tells
   * it that Redis is back. The limiter is not waited for; its next call tries Redis again anyway.
   */
  private static void watchRedis(Vertx vertx, LookupEngine engine, Readiness readiness) {
    if (engine.l2() == null) {
      return;
    }
    vertx.setPeriodic(1000, id -> engine.l2().probe().onComplete(probed -> {
      if (engine.l2().healthy() && engine.bus().subscribed()) {
        readiness.up("redis");
      } else {
        readiness.down("redis", engine.limiterDegraded()
            ? "Redis unreachable; rate limit applied locally at this instance's share"
            : "Redis unreachable or invalidation bus not subscribed");
      }
    }));
  }

  /** Reports not ready, stops accepting connections, lets in-flight requests finish, then closes. */
  public Future<Void> shutdown() {
    readiness.startDraining();
    return vertx.close();
  }

  /** The readiness that {@code /health/ready} reports. */
  public Readiness readiness() {
    return readiness;
  }
}
