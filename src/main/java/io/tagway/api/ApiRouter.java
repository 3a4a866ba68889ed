package io.tagway.api;

import io.tagway.config.AuthConfig.Scope;
import io.tagway.metrics.HttpServerMeters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's routes and its error mapping: every error leaves as {@code {"error":{...}}}, except on
 * the Tencent-compatible endpoint, which answers like Tencent.
 */
final class ApiRouter {

  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

  private ApiRouter() {}

  /**
   * What the API's HTTP server runs: plain {@code GET /v1/users/{account}/tags} answered
   * directly, everything else through the router.
   */
  static UserTagsHotPath handler(Vertx vertx, ApiServices services) {
    HttpServerMeters meters = new HttpServerMeters(services.metrics());
    Accounts accounts = new Accounts(services.http().maxAccountBytes(), services.http().maxLookupAccounts());
    LookupHandlers lookups = new LookupHandlers(services.lookups(), accounts, services.lookupTimeout());
    Router router = create(vertx, services, meters, accounts, lookups);
    return new UserTagsHotPath(router, lookups, accounts, services.auth(), meters);
  }

  private static Router create(Vertx vertx, ApiServices services, HttpServerMeters meters, Accounts accounts,
      LookupHandlers lookups) {
    Router router = Router.router(vertx);
    HealthHandlers health = new HealthHandlers(services.readiness());
    InvalidationHandlers invalidations = new InvalidationHandlers(services.invalidator(), accounts);
    CompatibleEndpoint compatible = new CompatibleEndpoint(services.tencentCallers(), services.lookups(), accounts,
        services.lookupTimeout());
    ApiAuth auth = services.auth();
    BodyHandler body = BodyHandler.create(false).setBodyLimit(services.http().maxBodyBytes());

    // First, so that every request is measured, whichever route answers it (or none).
    router.route().handler(meters);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(services.metrics()));
    guarded(router.get("/v1/users/:account/tags"), auth, Scope.LOOKUP).handler(lookups::one);
    guarded(router.delete("/v1/users/:account/tags"), auth, Scope.INVALIDATE).handler(invalidations::one);
    guarded(router.post("/v1/tags/lookup").handler(body), auth, Scope.LOOKUP).handler(lookups::many);
    guarded(router.post("/v1/invalidate").handler(body), auth, Scope.INVALIDATE).handler(invalidations::many);
    router.post(CompatibleEndpoint.PATH).handler(body).handler(compatible::handle).failureHandler(compatible::failure);
    router.get(OpenApiDocument.PATH).handler(OpenApiDocument.load()::serve);

    router.errorHandler(400, ctx -> ErrorResponse.send(ctx, 400, "bad_request", "the request is malformed"));
    router.errorHandler(404, ctx -> ErrorResponse.send(ctx, 404, "not_found", "no such resource"));
    router.errorHandler(405, ctx -> ErrorResponse.send(ctx, 405, "method_not_allowed",
        ctx.request().method() + " is not allowed on this resource"));
    router.errorHandler(413, ctx -> ErrorResponse.send(ctx, 413, "payload_too_large",
        "the body exceeds " + services.http().maxBodyBytes() + " bytes"));
    router.errorHandler(417, ctx -> ErrorResponse.send(ctx, 417, "expectation_failed",
        "the only expectation supported is Expect: 100-continue"));
    // A body that breaks off or is not valid HTTP (a bad chunk) fails the request with no status,
    // which Vert.x Web reports as 200; without this handler it answered "200 OK" and logged an error.
    router.errorHandler(200, ctx -> ErrorResponse.send(ctx, 400, "bad_request", "the request body could not be read"));
    router.errorHandler(500, ApiRouter::failure);
    return router;
  }

  /** Adds the key check to a route, or nothing when the API is open (one handler less per request). */
  private static Route guarded(Route route, ApiAuth auth, Scope scope) {
    return auth.enabled() ? route.handler(auth.require(scope)) : route;
  }

  /** Expected refusals become 400; anything else is a bug, logged without the request's query. */
  private static void failure(RoutingContext ctx) {
    if (ctx.failure() instanceof BadRequest bad) {
      ErrorResponse.send(ctx, 400, bad.code(), bad.getMessage());
      return;
    }
    internalError(ctx.request(), ctx.failure());
  }

  /** A bug: logged without the request's query, answered 500 in the API's error shape. */
  static void internalError(HttpServerRequest request, Throwable failure) {
    LOG.error("Unhandled failure on {} {}", request.method(), request.path(), failure);
    ErrorResponse.send(request.response(), 500, "internal", "internal error");
  }
}
