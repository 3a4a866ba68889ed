package io.tagway.emulator;

import io.tagway.upstream.UserSigSigner;
import io.tagway.upstream.wire.AccountTags;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A started emulator plus a WebClient speaking its wire format, for tests. The default options pin
 * the wall clock (for UserSig expiry) and make the rate-window clock advance one second per call,
 * so that only tests about the rate limit ever meet it.
 */
final class EmulatorHarness {

  /** The wall clock of the emulator, in Unix seconds. */
  static final long NOW = 1_700_003_600L;
  /** The admin identifier of the default options. */
  static final String ADMIN = EmulatorOptions.DEFAULT_ADMIN;

  final Vertx vertx;
  final TencentImEmulator emulator;
  final WebClient client;
  final UserSigSigner signer;
  private boolean closed;

  private EmulatorHarness(Vertx vertx, TencentImEmulator emulator) {
    this.vertx = vertx;
    this.emulator = emulator;
    this.client = WebClient.create(vertx);
    this.signer = new UserSigSigner(emulator.options().secretKey());
  }

  /** Test defaults: fixed wall clock, a rate-window clock that moves one second per reading. */
  static EmulatorOptions.Builder options() {
    AtomicLong nanos = new AtomicLong();
    return EmulatorOptions.builder()
        .wallClock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
        .nanoTime(() -> nanos.addAndGet(CallRateLimiter.SECOND_NANOS));
  }

  /** Starts an emulator with {@code options} and a client for it. */
  static Future<EmulatorHarness> start(Vertx vertx, EmulatorOptions options) {
    return TencentImEmulator.start(vertx, options).map(emulator -> new EmulatorHarness(vertx, emulator));
  }

  /** Closes the client and the emulator; a second call does nothing. */
  Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    client.close();
    return emulator.close();
  }

  /**
   * Completes once {@code condition} holds, checking every 10 ms on the event loop; fails after
   * five seconds. For effects the emulator sees asynchronously, such as a client closing a
   * connection.
   */
  Future<Void> eventually(BooleanSupplier condition) {
    Promise<Void> promise = Promise.promise();
    long deadline = System.nanoTime() + 5_000_000_000L;
    vertx.setPeriodic(1, 10, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        promise.tryComplete();
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        promise.tryFail("condition not met within 5 s");
      }
    });
    return promise.future();
  }

  /** The app's Population truth. */
  Population population() {
    return new Population(emulator.options().seed(), emulator.options().users());
  }

  /** A UserSig for {@code identifier} issued a minute ago, valid for a day. */
  String userSig(String identifier) {
    return signer.sign(emulator.options().sdkAppId(), identifier, NOW - 60, 86_400);
  }

  /** A valid query string for the admin, in Tencent's order. */
  MultiMap query() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("sdkappid", Long.toString(emulator.options().sdkAppId()))
        .add("identifier", ADMIN)
        .add("usersig", userSig(ADMIN))
        .add("random", "99999999")
        .add("contenttype", "json");
  }

  /** Posts {@code body} to {@code command} with exactly the parameters in {@code query}. */
  Future<HttpResponse<Buffer>> post(TagCommand command, List<Map.Entry<String, String>> query, Buffer body) {
    HttpRequest<Buffer> request = client.post(emulator.port(), "127.0.0.1", command.path());
    query.forEach(param -> request.addQueryParam(param.getKey(), param.getValue()));
    return request.sendBuffer(body);
  }

  /** Posts {@code body} with {@code query}; expects HTTP 200 and answers the JSON body. */
  Future<JsonObject> call(TagCommand command, MultiMap query, Buffer body) {
    return post(command, query.entries(), body).map(EmulatorHarness::tencentBody);
  }

  /** Posts {@code body} with a valid query; expects HTTP 200 and answers the JSON body. */
  Future<JsonObject> call(TagCommand command, JsonObject body) {
    return call(command, query(), body.toBuffer());
  }

  /** {@code im_get_tag} for {@code accounts}; expects OK and answers {@code UserTags}. */
  Future<List<AccountTags>> getTags(List<String> accounts) {
    return call(TagCommand.GET_TAG, accountsBody(accounts)).map(EmulatorHarness::userTags);
  }

  /** Calls an admin endpoint. */
  Future<HttpResponse<Buffer>> admin(HttpMethod method, String path, Buffer body) {
    HttpRequest<Buffer> request = client.request(method, emulator.port(), "127.0.0.1", path);
    return body == null ? request.send() : request.sendBuffer(body);
  }

  /** {@code {"To_Account":[...]}}. */
  static JsonObject accountsBody(List<String> accounts) {
    return new JsonObject().put("To_Account", new JsonArray(new ArrayList<>(accounts)));
  }

  /** {@code {"UserTags":[{"To_Account":a,"Tags":[...]}]}}. */
  static JsonObject userTagsBody(List<AccountTags> entries) {
    JsonArray array = new JsonArray();
    entries.forEach(e -> array.add(new JsonObject().put("To_Account", e.account()).put("Tags", new JsonArray(e.tags()))));
    return new JsonObject().put("UserTags", array);
  }

  /** The JSON body of a Tencent-style answer; fails unless HTTP 200. */
  static JsonObject tencentBody(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** The {@code UserTags} of an OK answer. */
  static List<AccountTags> userTags(JsonObject answer) {
    if (!"OK".equals(answer.getString("ActionStatus"))) {
      throw new AssertionError("not OK: " + answer.encode());
    }
    List<AccountTags> list = new ArrayList<>();
    for (Object o : answer.getJsonArray("UserTags")) {
      JsonObject entry = (JsonObject) o;
      List<String> tags = new ArrayList<>();
      entry.getJsonArray("Tags").forEach(t -> tags.add((String) t));
      list.add(new AccountTags(entry.getString("To_Account"), tags));
    }
    return list;
  }
}
