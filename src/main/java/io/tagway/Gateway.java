package io.tagway;

import io.tagway.api.ApiAuth;
import io.tagway.api.ApiServices;
import io.tagway.api.ApiVerticle;
import io.tagway.config.TagwayConfig;
import io.tagway.emulator.TencentImEmulator;
import io.tagway.health.Readiness;
import io.tagway.lookup.LookupEngine;
import io.tagway.lookup.LookupListener;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
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
  private final Optional<TencentImEmulator> emulator;

  private Gateway(Vertx vertx, Readiness readiness, Optional<TencentImEmulator> emulator) {
    this.vertx = vertx;
    this.readiness = readiness;
    this.emulator = emulator;
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
    // Called from a non-Vert.x thread, this is a fresh event-loop context: the coalescer's own.
    Context coalescerContext = vertx.getOrCreateContext();
    Future<UpstreamSetup> upstreamStarted = UpstreamSetup.start(vertx, config);
    return upstreamStarted
        .map(upstream -> {
          LookupEngine engine = LookupEngine.create(vertx, coalescerContext, config, upstream.client(),
              new UpstreamReadiness(readiness), LookupListener.NONE);
          watchRedis(vertx, engine, readiness);
          return engine;
        })
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
          return new Gateway(vertx, readiness, upstreamStarted.result().emulator());
        })
        // Closing afterwards: once Vert.x is closed no callback of its futures would run.
        .onFailure(failure -> vertx.close());
  }

  /** Readiness follows L2's health: Redis reachable, or L2 deliberately off. */
  private static void watchRedis(Vertx vertx, LookupEngine engine, Readiness readiness) {
    if (engine.l2() == null) {
      return;
    }
    vertx.setPeriodic(1000, id -> {
      if (readiness.draining()) {
        // The client closing with Vert.x would be reported as Redis gone.
        return;
      }
      // The ping keeps the health current when no lookup or invalidation has touched Redis lately.
      engine.l2().ping().onComplete(pinged -> {
        if (engine.l2().healthy()) {
          readiness.up("redis");
        } else {
          readiness.down("redis", "Redis unreachable; lookups go upstream");
        }
      });
    });
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

  /** The in-process emulator when {@code upstream.baseUrl} is unset; tests inject faults through it. */
  Optional<TencentImEmulator> emulator() {
    return emulator;
  }
}
