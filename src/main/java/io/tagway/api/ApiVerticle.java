package io.tagway.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * One event loop's HTTP server. Several instances share the port; each builds its own router over
 * the shared, thread-safe services handed in by {@code Main}.
 */
public final class ApiVerticle extends VerticleBase {

  private final ApiServices services;
  private HttpServer server;

  /** A verticle serving the API over the shared services. */
  public ApiVerticle(ApiServices services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(services.http().host())
        .setPort(services.http().port())
        .setCompressionSupported(false)
        // `curl -d` labels a JSON body a form, which Vert.x decodes as one while reading it (the
        // body is still read as JSON): within the body limit, a form's size or field count is
        // never the reason a request fails.
        .setMaxFormAttributeSize(services.http().maxBodyBytes())
        .setMaxFormBufferedBytes(services.http().maxBodyBytes())
        .setMaxFormFields(-1);
    services.http().tls().ifPresent(tls -> options
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(tls.certFile().toString())
            .setKeyPath(tls.keyFile().toString())));
    server = vertx.createHttpServer(options).invalidRequestHandler(InvalidRequests::answer);
    return server.requestHandler(ApiRouter.handler(vertx, services)).listen();
  }

  /** Stops accepting connections and lets in-flight requests finish within the grace period. */
  @Override
  public Future<?> stop() {
    return server.shutdown(services.http().shutdownGrace());
  }
}
