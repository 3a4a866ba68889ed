package io.tagway.upstream;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP server standing in for Tencent where the emulator cannot say what a test needs: it
 * answers every request with one fixed Tencent-shaped body and records what it was sent.
 */
final class StubTencent {

  /**
   * One request as it arrived.
   *
   * @param query the query string decoded exactly, names case-sensitive, repeats kept
   */
  record Seen(HttpMethod method, String path, Map<String, List<String>> query, String contentType, Buffer body) {

    /** The single value of query parameter {@code name}; fails unless it appears exactly once. */
    String param(String name) {
      List<String> values = query.getOrDefault(name, List.of());
      if (values.size() != 1) {
        throw new AssertionError(name + " appears " + values.size() + " times in " + query.keySet());
      }
      return values.get(0);
    }
  }

  /** {@code {"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}}. */
  static final JsonObject OK = new JsonObject().put("ActionStatus", "OK").put("ErrorCode", 0).put("ErrorInfo", "");

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  private StubTencent(Vertx vertx, Buffer answer) {
    this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(received -> {
      QueryStringDecoder query = new QueryStringDecoder(request.uri());
      seen.add(new Seen(request.method(), query.path(), query.parameters(),
          request.getHeader(HttpHeaders.CONTENT_TYPE), received));
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(answer);
    }));
  }

  /** Listens on a free port of 127.0.0.1, answering {@code answer} with HTTP 200 to every request. */
  static Future<StubTencent> start(Vertx vertx, JsonObject answer) {
    StubTencent stub = new StubTencent(vertx, answer.toBuffer());
    return stub.server.listen(0, "127.0.0.1").map(listening -> stub);
  }

  /** {@code http://127.0.0.1:port}, no trailing slash. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The requests received so far, in arrival order. */
  List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Stops listening. */
  Future<Void> close() {
    return server.close();
  }
}
