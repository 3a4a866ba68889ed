package io.tagway.bench;

import io.tagway.Transports;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The reference for S1b: a bare Vert.x HTTP server (no router, no cache) that answers every request
 * with fixed bytes and the gateway's headers, on as many event-loop verticles as the gateway.
 *
 * <p>{@code BareServer --port N --instances N --body FILE [--content-type T] [--x-cache V]
 * [--transport auto|io_uring|epoll|nio]}: the gateway's own choice ({@link Transports}, as for
 * {@code http.transport}), so that S1b compares the gateway with the framework on the same
 * transport.
 */
public final class BareServer extends VerticleBase {

  private final int port;
  private final Buffer body;
  private final CharSequence contentType;
  private final CharSequence xCacheName = HttpHeaders.createOptimized("X-Cache");
  private final CharSequence xCache;

  private BareServer(int port, Buffer body, String contentType, String xCache) {
    this.port = port;
    this.body = body;
    this.contentType = HttpHeaders.createOptimized(contentType);
    this.xCache = xCache.isEmpty() ? null : HttpHeaders.createOptimized(xCache);
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(request -> {
          var response = request.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType);
          if (xCache != null) {
            response.putHeader(xCacheName, xCache);
          }
          response.end(body);
        })
        .listen();
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int port = args.intValue("port", 8081);
    int instances = args.intValue("instances", Runtime.getRuntime().availableProcessors());
    Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(args.required("body"))));
    String contentType = args.string("content-type", "application/json");
    String xCache = args.string("x-cache", "L1");
    Transport transport = Transports.choose(args.string("transport", "auto"));
    args.checkAllUsed();
    Vertx vertx = Vertx.builder().withTransport(transport).build();
    vertx.deployVerticle(() -> new BareServer(port, body, contentType, xCache),
            new DeploymentOptions().setInstances(instances))
        .await(30, TimeUnit.SECONDS);
    System.out.println("bare Vert.x server listening on 127.0.0.1:" + port + " with " + instances + " instance(s), "
        + transport.name() + " transport");
    // Vert.x's event-loop threads keep the process alive until it is signalled.
  }
}
