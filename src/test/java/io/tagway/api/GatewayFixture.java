package io.tagway.api;

import io.tagway.Gateway;
import io.tagway.GatewayAccess;
import io.tagway.config.ConfigReader;
import io.tagway.config.TagwayConfig;
import io.tagway.emulator.EmulatorFaults;
import io.tagway.emulator.Population;
import io.tagway.emulator.TencentImEmulator;
import io.tagway.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A gateway started in this JVM from a config tree, as {@code Main} starts it, on a free loopback
 * port with the built-in emulator, and a blocking HTTP client to call it over real HTTP.
 *
 * <p>The default config has three API keys (lookup only, invalidate only, both), a small seeded
 * population ({@link #USERS} users {@code u0...}) and L2 off; {@link #start(Object...)} takes
 * overrides as dotted keys and values, a null value removing the key.
 */
final class GatewayFixture implements AutoCloseable {

  static final String LOOKUP_KEY = "lookup-key-5f0c9a7e31d2";
  static final String INVALIDATE_KEY = "invalidate-key-8b1e44c07a";
  static final String ADMIN_KEY = "admin-key-2d7f90b6e5c3a1";
  static final int USERS = 1000;
  static final long SEED = 7;
  static final long SDK_APP_ID = 1_400_000_707L;

  final int port;
  final Gateway gateway;
  final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  private GatewayFixture(int port, Gateway gateway) {
    this.port = port;
    this.gateway = gateway;
  }

  /** The default config tree with overrides ({@code "http.maxBodyBytes", 2048, ...}) applied. */
  static Map<String, Object> config(int port, Object... overrides) {
    Map<String, Object> tree = new LinkedHashMap<>();
    put(tree, "http.host", "127.0.0.1");
    put(tree, "http.port", port);
    put(tree, "http.instances", 2);
    put(tree, "http.shutdownGrace", "0s");
    put(tree, "auth.keys", List.of(LOOKUP_KEY + ":lookup", INVALIDATE_KEY + ":invalidate",
        ADMIN_KEY + ":lookup+invalidate"));
    // An app of its own: L2 keys carry the SDKAppID, so other tests sharing the run's Redis never
    // read tags of this population (seed and size differ from the emulator's defaults).
    put(tree, "upstream.sdkAppId", SDK_APP_ID);
    put(tree, "emulator.users", USERS);
    put(tree, "emulator.seed", SEED);
    put(tree, "log.level", "warn");
    if (overrides.length % 2 != 0) {
      throw new IllegalArgumentException("overrides come in key, value pairs");
    }
    for (int i = 0; i < overrides.length; i += 2) {
      put(tree, (String) overrides[i], overrides[i + 1]);
    }
    return tree;
  }

  /** Starts a gateway with the default config and these overrides; fails the test if it cannot. */
  static GatewayFixture start(Object... overrides) {
    int port = TestRedis.freePort();
    return new GatewayFixture(port, await(Gateway.start(read(config(port, overrides)))));
  }

  static TagwayConfig read(Map<String, Object> tree) {
    return TagwayConfig.read(ConfigReader.of(tree, Map.of()));
  }

  /** The truth: the tags the emulator's population gives an account. */
  static List<String> tagsOf(String account) {
    return Population.tagsOf(account, SEED, USERS);
  }

  TencentImEmulator emulator() {
    return GatewayAccess.emulator(gateway);
  }

  /** Replaces the emulator's faults. */
  void faults(EmulatorFaults faults) {
    emulator().faults(faults);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> get(String path, String key) {
    return send("GET", path, null, key);
  }

  HttpResponse<String> delete(String path, String key) {
    return send("DELETE", path, null, key);
  }

  HttpResponse<String> post(String path, String body, String key) {
    return send("POST", path, body, key);
  }

  /** {@code POST /v1/tags/lookup} of these accounts with the lookup key. */
  HttpResponse<String> lookup(String... accounts) {
    return post("/v1/tags/lookup", accountsBody(accounts), LOOKUP_KEY);
  }

  static String accountsBody(String... accounts) {
    return new JsonObject().put("accounts", new JsonArray(List.of((Object[]) accounts))).encode();
  }

  /** Sends a request; a null body sends none, a null key no Authorization header. */
  HttpResponse<String> send(String method, String path, String body, String key) {
    return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), key);
  }

  /** Sends a body of raw bytes, valid UTF-8 or not. */
  HttpResponse<String> sendBytes(String method, String path, byte[] body, String key) {
    return sendAuthorized(method, path, body, key == null ? null : "Bearer " + key);
  }

  /** Sends a request with this {@code Authorization} header (none when null). */
  HttpResponse<String> sendAuthorized(String method, String path, byte[] body, String authorization) {
    return sendLabelled(method, path, body, "application/json", authorization);
  }

  /** Sends a body labelled with {@code contentType}, with this {@code Authorization} header (none when null). */
  HttpResponse<String> sendLabelled(String method, String path, byte[] body, String contentType, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(gateway.shutdown());
  }

  static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> tree, String dotted, Object value) {
    String[] parts = dotted.split("\\.");
    Map<String, Object> node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(parts[i], name -> new LinkedHashMap<String, Object>());
    }
    if (value == null) {
      node.remove(parts[parts.length - 1]);
    } else {
      node.put(parts[parts.length - 1], value);
    }
  }
}
