package io.tagway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.Gateway;
import io.tagway.config.ConfigReader;
import io.tagway.config.TagwayConfig;
import io.tagway.emulator.EmulatorOptions;
import io.tagway.emulator.Population;
import io.tagway.emulator.TencentImEmulator;
import io.tagway.testing.TestRedis;
import io.tagway.upstream.UserSigSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A gateway started in this JVM with {@link Gateway#start} for the Tencent-compatible endpoint's
 * tests, and a client speaking Tencent's wire format to it over real HTTP(S). The app key is the
 * demo key, so tests can sign UserSigs; the upstream is the embedded emulator unless the config
 * names another.
 */
final class CompatGateway implements AutoCloseable {

  static final String KEY = EmulatorOptions.DEMO_SECRET_KEY;
  static final long APP = EmulatorOptions.DEFAULT_SDK_APP_ID;
  static final String ADMIN = EmulatorOptions.DEFAULT_ADMIN;
  static final int USERS = 1_000;
  static final long SEED = 42;
  static final String PATH = "/v4/all_member_push/im_get_tag";

  final Gateway gateway;
  final URI base;
  final long app;
  final UserSigSigner signer = new UserSigSigner(KEY);
  final Population population = new Population(SEED, USERS);
  private final HttpClient http;

  private CompatGateway(Gateway gateway, URI base, long app, HttpClient http) {
    this.gateway = gateway;
    this.base = base;
    this.app = app;
    this.http = http;
  }

  /**
   * The config tree of a gateway on a free loopback port with two event loops, the demo app key,
   * SDKAppID {@value #APP} and the embedded emulator of {@value #USERS} users, seed {@value #SEED};
   * change it with {@link #set}.
   */
  static Map<String, Object> config() {
    Map<String, Object> tree = new LinkedHashMap<>();
    set(tree, "http.host", "127.0.0.1");
    set(tree, "http.port", TestRedis.freePort());
    set(tree, "http.instances", 2);
    set(tree, "upstream.identifier", ADMIN);
    set(tree, "upstream.secretKey", KEY);
    set(tree, "emulator.users", USERS);
    set(tree, "emulator.seed", SEED);
    return tree;
  }

  /** Sets a dotted key such as {@code upstream.baseUrl} in a config tree. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> set(Map<String, Object> tree, String key, Object value) {
    String[] path = key.split("\\.");
    Map<String, Object> node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
    }
    node.put(path[path.length - 1], value);
    return tree;
  }

  /** Starts a gateway over plain HTTP. */
  static CompatGateway start(Map<String, Object> tree) {
    return start(tree, "http", HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
  }

  /** Starts a gateway and talks to it with {@code scheme} through {@code http}. */
  static CompatGateway start(Map<String, Object> tree, String scheme, HttpClient http) {
    TagwayConfig config = TagwayConfig.read(ConfigReader.of(tree, Map.of()));
    Gateway gateway = await(Gateway.start(config));
    String host = "https".equals(scheme) ? "localhost" : "127.0.0.1";
    URI base = URI.create(scheme + "://" + host + ":" + config.http().port());
    return new CompatGateway(gateway, base, config.upstream().sdkAppId(), http);
  }

  /** An emulator of app {@code app} with the test population, started on {@code vertx}, for a gateway to call. */
  static TencentImEmulator startEmulator(Vertx vertx, long app) {
    return await(TencentImEmulator.start(vertx,
        EmulatorOptions.builder().port(0).sdkAppId(app).secretKey(KEY).users(USERS).seed(SEED).build()));
  }

  /** A UserSig for {@code identifier} issued a minute ago, valid for a day, at zlib's default level. */
  String userSig(String identifier) {
    return signer.sign(app, identifier, now() - 60, 86_400);
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** A valid query string for the admin. */
  String query() {
    return query(app, ADMIN, userSig(ADMIN), "4294967295", "json");
  }

  /** The five parameters in Tencent's order, URL-encoded. */
  static String query(long app, String identifier, String userSig, String random, String contentType) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("sdkappid", Long.toString(app));
    params.put("identifier", identifier);
    params.put("usersig", userSig);
    params.put("random", random);
    params.put("contenttype", contentType);
    return query(params);
  }

  /** {@code params} as a URL-encoded query string. */
  static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** Posts {@code body} to the endpoint with {@code query}. */
  HttpResponse<String> post(String query, String body) {
    return post(endpoint(base, query), body);
  }

  /** The endpoint with {@code query} on the server at {@code base}. */
  static URI endpoint(URI base, String query) {
    return URI.create(base + PATH + "?" + query);
  }

  /** Posts {@code body} to {@code uri}. */
  HttpResponse<String> post(URI uri, String body) {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("POST " + uri.getPath() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Posts with {@code query}; expects HTTP 200 and a JSON object, as Tencent always answers. */
  JsonObject call(String query, String body) {
    return tencentAnswer(post(query, body));
  }

  /** The JSON object of a Tencent answer, which is always HTTP 200. */
  static JsonObject tencentAnswer(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("HTTP status; body %s", response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    return new JsonObject(response.body());
  }

  /** {@code im_get_tag} of {@code accounts} with a valid query. */
  JsonObject getTags(List<String> accounts) {
    return call(query(), body(accounts));
  }

  /** {@code {"To_Account":[...]}}. */
  static String body(List<String> accounts) {
    return new JsonObject().put("To_Account", new JsonArray(new ArrayList<>(accounts))).encode();
  }

  /** What Tencent (and the emulator) answers for {@code accounts}: the population's truth in request order. */
  JsonObject truth(List<String> accounts) {
    JsonArray userTags = new JsonArray();
    for (String account : accounts) {
      userTags.add(new JsonObject().put("To_Account", account).put("Tags", new JsonArray(population.tagsOf(account))));
    }
    return new JsonObject().put("ActionStatus", "OK").put("ErrorCode", 0).put("ErrorInfo", "").put("UserTags", userTags);
  }

  /** {@code u<from>} to {@code u<to - 1>}. */
  static List<String> users(int from, int to) {
    List<String> accounts = new ArrayList<>();
    for (int i = from; i < to; i++) {
      accounts.add(Population.account(i));
    }
    return accounts;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }

  @Override
  public void close() {
    await(gateway.shutdown());
  }
}
