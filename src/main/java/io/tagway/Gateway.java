package io.tagway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tagway.api.ApiAuth;
import io.tagway.api.ApiServices;
import io.tagway.api.ApiVerticle;
import io.tagway.batch.CompositeCoalescerListener;
import io.tagway.cache.L1Sweeper;
import io.tagway.config.Secret;
import io.tagway.config.TagwayConfig;
import io.tagway.emulator.TencentImEmulator;
import io.tagway.health.Readiness;
import io.tagway.lookup.LookupEngine;
import io.tagway.metrics.JvmMeters;
import io.tagway.metrics.TagwayMetrics;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletableFuture;
import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import java.util.List;
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
  private final String apiDeployment;
  private final Optional<TencentImEmulator> emulator;
  private final AutoCloseable jvmMeters;

  private Gateway(Vertx vertx, Readiness readiness, String apiDeployment, Optional<TencentImEmulator> emulator,
      AutoCloseable jvmMeters) {
    this.vertx = vertx;
    this.jvmMeters = jvmMeters;
    this.readiness = readiness;
    this.apiDeployment = apiDeployment;
    this.emulator = emulator;
  }

  /**
   * Starts everything the configuration asks for; on failure, releases what was started.
   *
   * @throws io.tagway.config.ConfigException at once, before anything starts, when
   *     {@code http.transport} names a transport that cannot load here
   */
  public static Future<Gateway> start(TagwayConfig config) {
    Transport transport = Transports.choose(config.http().transport()); // throws before anything starts
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Main.newVertx(transport);
    AutoCloseable jvmMeters = JvmMeters.bind(registry);
    TagwayMetrics metrics = new TagwayMetrics(registry);
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
    Secret appKey = UpstreamSetup.appKey(config.upstream());
    Future<UpstreamSetup> upstreamStarted = UpstreamSetup.start(vertx, config, appKey);
    return upstreamStarted
        .map(upstream -> {
          LookupEngine engine = LookupEngine.create(vertx, engineContext, config, upstream.client(),
              new CompositeCoalescerListener(List.of(new UpstreamReadiness(readiness), metrics)), metrics);
          watchRedis(vertx, engine, readiness);
          if (engine.l1() != null) {
            L1Sweeper.start(vertx, engine.l1(), L1Sweeper.INTERVAL);
          }
          metrics.watch(engine, readiness);
          return engine;
        })
        .compose(engine -> engine.start().map(engine))
        .compose(engine -> {
          ApiServices services = new ApiServices(config.http(), readiness, engine.service(), engine.invalidator(),
              auth, config.lookup().timeout(), UpstreamSetup.callers(config.upstream(), appKey), registry);
          return vertx.deployVerticle(() -> new ApiVerticle(services), deployment);
        })
        .map(id -> {
          readiness.up("http");
          LOG.info("Tagway listening on {}://{}:{} with {} event-loop instance(s), {} transport",
              config.http().tls().isPresent() ? "https" : "http", config.http().host(), config.http().port(),
              config.http().instances(), transport.name());
          LOG.info("L2 cache (Redis): {}", config.redis().describe());
          return new Gateway(vertx, readiness, id, upstreamStarted.result().emulator(), jvmMeters);
        })
        // Closing afterwards: once Vert.x is closed no callback of its futures would run.
        .onFailure(failure -> vertx.close().onComplete(closed -> closeQuietly(jvmMeters)));
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
    vertx.setPeriodic(1000, id -> {
      if (readiness.draining()) {
        // The client closing with Vert.x would be reported as Redis gone.
        return;
      }
      // The ping keeps the health current when no lookup or invalidation has touched Redis lately.
      engine.l2().ping().onComplete(pinged -> {
        if (engine.l2().healthy()) {
          engine.redisAnswered();
        }
        if (engine.l2().healthy() && !engine.limiterDegraded() && engine.bus().subscribed()) {
          readiness.up("redis");
        } else {
          readiness.down("redis", engine.limiterDegraded()
              ? "Redis unreachable; rate limit applied locally at this instance's share"
              : "Redis unreachable or invalidation bus not subscribed");
        }
      });
    });
  }

  /**
   * Reports not ready, stops accepting connections, lets in-flight requests finish (the API
   * verticles go first, while the engine, Redis and the upstream still serve them), then closes.
   */
  public Future<Void> shutdown() {
    readiness.startDraining();
    Promise<Void> closed = Promise.promise();
    // Vert.x is closed from a plain thread: closed from one of its own event loops, the
    // completion of close() would be dispatched to a loop that no longer runs.
    vertx.undeploy(apiDeployment).onComplete(undeployed ->
        CompletableFuture.runAsync(() -> vertx.close().onComplete(closed)));
    return closed.future().onComplete(done -> closeQuietly(jvmMeters));
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("Closing {} failed", closeable, e);
    }
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
