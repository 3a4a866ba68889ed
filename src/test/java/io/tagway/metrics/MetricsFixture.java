package io.tagway.metrics;

import io.tagway.Gateway;
import io.tagway.config.ConfigReader;
import io.tagway.config.TagwayConfig;
import io.tagway.emulator.EmulatorOptions;
import io.tagway.emulator.TencentImEmulator;
import io.tagway.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A gateway started in this JVM, a Tencent IM emulator of its own (so tests can inject faults), and
 * a plain HTTP client speaking to the gateway over the loopback interface.
 */
final class MetricsFixture implements AutoCloseable {

  /** The app key the emulator and the gateway share: it must never show in a scrape. */
  static final String APP_KEY = "metrics-app-key-5f1e9c2a7b3d4e8f";
  /** The one API key: it must never show in a scrape. */
  static final String API_KEY = "metrics-api-key-0a9b8c7d6e5f4a3b";

  final Vertx emulatorVertx;
  final TencentImEmulator emulator;
  final Gateway gateway;
  final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private MetricsFixture(Vertx emulatorVertx, TencentImEmulator emulator, Gateway gateway, int port) {
    this.emulatorVertx = emulatorVertx;
    this.emulator = emulator;
    this.gateway = gateway;
    this.port = port;
  }

  /**
   * Starts an emulator that knows {@link #APP_KEY} and a gateway calling it with {@code appKey},
   * with {@code settings} on top of the test defaults (config keys as in the YAML file).
   */
  static MetricsFixture start(String appKey, Map<String, Object> settings) {
    Vertx emulatorVertx = Vertx.vertx();
    try {
      TencentImEmulator emulator = await(TencentImEmulator.start(emulatorVertx,
          EmulatorOptions.builder().port(0).secretKey(APP_KEY).users(10_000).build()));
      Map<String, Object> config = new HashMap<>();
      config.put("upstream.baseUrl", emulator.baseUrl());
      config.put("upstream.sdkAppId", EmulatorOptions.DEFAULT_SDK_APP_ID);
      config.put("upstream.secretKey", appKey);
      config.putAll(settings);
      return startGateway(config, emulatorVertx, emulator);
    } catch (RuntimeException e) {
      emulatorVertx.close();
      throw e;
    }
  }

  /** A gateway on the built-in, in-process emulator: the default configuration, no Redis. */
  static MetricsFixture embedded() {
    return startGateway(new HashMap<>(), null, null);
  }

  private static MetricsFixture startGateway(Map<String, Object> settings, Vertx emulatorVertx,
      TencentImEmulator emulator) {
    int port = TestRedis.freePort();
    Map<String, Object> config = new HashMap<>();
    config.put("http.host", "127.0.0.1");
    config.put("http.port", port);
    config.put("http.instances", 2);
    config.put("http.shutdownGrace", "0ms");
    config.put("auth.keys", List.of(API_KEY + ":lookup+invalidate"));
    config.putAll(settings);
    Gateway gateway = await(Gateway.start(TagwayConfig.read(ConfigReader.of(config, Map.of()))));
    return new MetricsFixture(emulatorVertx, emulator, gateway, port);
  }

  /** {@code GET path} with the API key. */
  HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  /** {@code GET path} without credentials. */
  HttpResponse<String> request(String method, String path) {
    return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  HttpResponse<String> getWithoutKey(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  /** {@code POST /v1/tags/lookup} of {@code accounts}. */
  HttpResponse<String> lookup(List<String> accounts) {
    String body = "{\"accounts\":[" + String.join(",", accounts.stream().map(a -> "\"" + a + "\"").toList()) + "]}";
    return send(request("/v1/tags/lookup")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  /** {@code GET /metrics}, without credentials: the endpoint is open. */
  Scrape scrape() {
    HttpResponse<String> response = scrapeResponse();
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
    }
    return Scrape.parse(response.body());
  }

  /** The raw answer of {@code GET /metrics}, asked without credentials. */
  HttpResponse<String> scrapeResponse() {
    return getWithoutKey("/metrics");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + API_KEY).timeout(Duration.ofSeconds(30));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Repeats {@code attempt} until it returns true; fails after {@code limit}. Each attempt is a
   * real request, so this polls without sleeping.
   */
  static void eventually(Duration limit, BooleanSupplier attempt) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!attempt.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within " + limit);
      }
      Thread.onSpinWait();
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      await(gateway.shutdown());
    } finally {
      if (emulatorVertx != null) {
        await(emulatorVertx.close());
      }
    }
  }
}
