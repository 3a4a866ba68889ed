package io.tagway.emulator;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running Tencent IM emulator: the four tag commands of {@code all_member_push} over real HTTP,
 * with Tencent's wire format, checks, limits and error codes, a seeded population (see {@link
 * Population}), injectable faults (see {@link EmulatorFaults}) and stats (see {@link
 * EmulatorStats}). The order of checks is documented on {@link TagCommandHandler}.
 *
 * <pre>{@code
 * TencentImEmulator.start(vertx, EmulatorOptions.defaults())
 *     .onSuccess(emulator -> log.info("emulator on {}", emulator.baseUrl()));
 * }</pre>
 */
public final class TencentImEmulator {

  private final Vertx vertx;
  private final EmulatorOptions options;
  private final EmulatorVerticle verticle;
  private final String deploymentId;
  private final AtomicReference<Future<Void>> closing = new AtomicReference<>();

  private TencentImEmulator(Vertx vertx, EmulatorOptions options, EmulatorVerticle verticle, String deploymentId) {
    this.vertx = vertx;
    this.options = options;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
  }

  /** Deploys an emulator on {@code vertx}; completes once it listens. */
  public static Future<TencentImEmulator> start(Vertx vertx, EmulatorOptions options) {
    EmulatorVerticle verticle = new EmulatorVerticle(options);
    return vertx.deployVerticle(verticle, new DeploymentOptions())
        .map(id -> new TencentImEmulator(vertx, options, verticle, id));
  }

  /** The options it runs with. */
  public EmulatorOptions options() {
    return options;
  }

  /** The port it listens on (the free one picked when the options said 0). */
  public int port() {
    return verticle.actualPort();
  }

  /** The base URL to point a client at, e.g. {@code http://127.0.0.1:8081}. */
  public String baseUrl() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return "http://" + host + ":" + port();
  }

  /** What it saw so far; safe from any thread. */
  public EmulatorStats stats() {
    return verticle.stats().snapshot();
  }

  /** Forgets the stats (hung connections still held stay counted); completes once done. */
  public Future<Void> resetStats() {
    return verticle.resetStats();
  }

  /** The faults in force. */
  public EmulatorFaults faults() {
    return verticle.faults().faults();
  }

  /** Replaces the faults in force; safe from any thread, applies to calls arriving afterwards. */
  public void faults(EmulatorFaults faults) {
    verticle.faults().faults(Objects.requireNonNull(faults, "faults"));
  }

  /**
   * Stops listening, closes every connection (hung ones included) and undeploys. Idempotent: later
   * calls answer the first call's future.
   */
  public Future<Void> close() {
    Future<Void> closed = closing.get();
    if (closed != null) {
      return closed;
    }
    Promise<Void> promise = Promise.promise();
    if (!closing.compareAndSet(null, promise.future())) {
      return closing.get();
    }
    vertx.undeploy(deploymentId).onComplete(promise);
    return promise.future();
  }
}
