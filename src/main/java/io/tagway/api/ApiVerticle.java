package io.tagway.api;

import io.tagway.config.HttpConfig;
import io.tagway.health.Readiness;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's HTTP server. Several instances share the port; each builds its own router over
 * the shared, thread-safe services handed in by {@code Main}.
 */
public final class ApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  private final HttpConfig config;
  private final Readiness readiness;
  private HttpServer server;

  /** A verticle serving the API with the given settings and shared services. */
  public ApiVerticle(HttpConfig config, Readiness readiness) {
    this.config = config;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()));
    return server.requestHandler(router()).listen();
  }

  /** Stops accepting connections and lets in-flight requests finish within the grace period. */
  @Override
  public Future<?> stop() {
    return server.shutdown(config.shutdownGrace());
  }

  private Router router() {
    Router router = Router.router(vertx);
    HealthHandlers health = new HealthHandlers(readiness);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);

    router.errorHandler(404, ctx -> ErrorResponse.send(ctx, 404, "not_found", "no such resource: " + ctx.request().path()));
    router.errorHandler(405, ctx -> ErrorResponse.send(ctx, 405, "method_not_allowed", ctx.request().method() + " is not allowed here"));
    router.errorHandler(500, this::internalError);
    return router;
  }

  private void internalError(RoutingContext ctx) {
    LOG.error("Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
    ErrorResponse.send(ctx, 500, "internal", "internal error");
  }
}
