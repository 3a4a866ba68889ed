package io.tagway.emulator;

import io.tagway.upstream.UserSigVerifier;
import io.tagway.upstream.wire.CallerCheck;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The emulator's one verticle: an HTTP server serving the tag commands and the admin endpoints on
 * one event loop, so its state needs no locks. Deploy exactly one instance; {@link
 * TencentImEmulator} does.
 */
final class EmulatorVerticle extends VerticleBase {

  /** Largest request body accepted (answers 413 beyond). */
  static final long MAX_BODY_BYTES = 1024 * 1024;

  private final EmulatorOptions options;
  private final StatsRecorder stats = new StatsRecorder();
  private final FaultInjector faults;
  private HungRequests hung;
  private HttpServer server;

  /** A verticle serving with {@code options}. */
  EmulatorVerticle(EmulatorOptions options) {
    this.options = options;
    this.faults = new FaultInjector(options.faults(), options.seed());
  }

  @Override
  public Future<?> start() {
    hung = new HungRequests(vertx, stats);
    CallerCheck callerCheck = new CallerCheck(options.sdkAppId(), options.adminIdentifiers(),
        new UserSigVerifier(options.secretKey(), options.wallClock()));
    TagStore store = new TagStore(new Population(options.seed(), options.users()));
    TagCommandHandler tagHandler = new TagCommandHandler(vertx, options.nanoTime(), callerCheck,
        new CallRateLimiter(options.rateLimit()), new TagCalls(store, stats), faults, hung, stats);

    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    for (TagCommand command : TagCommand.values()) {
      router.post(command.path()).handler(ctx -> tagHandler.handle(command, ctx));
    }
    new AdminRoutes(stats, faults).mount(router);
    router.errorHandler(404, ctx -> AdminErrors.send(ctx, 404, "not_found", "No such path: " + ctx.request().path()));
    router.errorHandler(405, ctx -> AdminErrors.send(ctx, 405, "method_not_allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.errorHandler(413, ctx -> AdminErrors.send(ctx, 413, "payload_too_large",
        "Body larger than " + MAX_BODY_BYTES + " bytes"));
    router.errorHandler(500, ctx -> AdminErrors.send(ctx, 500, "internal", "Emulator bug; see its log"));

    server = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
        .requestHandler(router);
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    hung.releaseAll();
    return server.close();
  }

  /** The port actually listened on (after start). */
  int actualPort() {
    return server.actualPort();
  }

  /** The stats collector; its snapshot is thread-safe. */
  StatsRecorder stats() {
    return stats;
  }

  /** The fault injector; its faults may be replaced from any thread. */
  FaultInjector faults() {
    return faults;
  }

  /** Resets the stats on the verticle's event loop. */
  Future<Void> resetStats() {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      stats.reset();
      promise.complete();
    });
    return promise.future();
  }
}
