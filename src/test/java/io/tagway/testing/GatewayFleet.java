package io.tagway.testing;

import io.tagway.Gateway;
import io.tagway.config.ConfigReader;
import io.tagway.config.TagwayConfig;
import io.tagway.emulator.EmulatorFaults;
import io.tagway.emulator.EmulatorOptions;
import io.tagway.emulator.Population;
import io.tagway.emulator.TencentImEmulator;
import io.tagway.upstream.AdminUserSig;
import io.tagway.upstream.TimClient;
import io.tagway.upstream.TimClientOptions;
import io.tagway.upstream.UserSigSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Scale-out in one JVM: one Tencent IM emulator on its own {@link Vertx}, and N gateways, each a
 * separate {@link Gateway#start} with its own Vert.x and L1, on its own loopback port, all
 * pointed at the emulator with the demo key and sharing whatever Redis the test configures.
 * Tests reach the gateways over real HTTP through {@link Member} and change Tencent's truth
 * through {@link #upstream()}. {@link #close()} stops every gateway, then the emulator.
 */
public final class GatewayFleet implements AutoCloseable {

  /** The emulator's app. */
  public static final long APP = EmulatorOptions.DEFAULT_SDK_APP_ID;
  /** What the emulator answers for accounts {@code u0} to {@code u99999} until a test changes them. */
  public static final Population TRUTH = new Population(EmulatorOptions.DEFAULT_SEED, EmulatorOptions.DEFAULT_USERS);

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Object> config;
  private final List<Member> members = new CopyOnWriteArrayList<>();
  private TencentImEmulator emulator;
  private TimClient upstream;
  private WebClient web;

  private GatewayFleet(Map<String, Object> config) {
    this.config = config;
  }

  /** A fleet with no Redis, one gateway and no emulator latency, until told otherwise. */
  public static Builder builder() {
    return new Builder();
  }

  /** The gateway started {@code index}-th (from 0). */
  public Member member(int index) {
    return members.get(index);
  }

  /** Every running gateway, in start order. */
  public List<Member> members() {
    return List.copyOf(members);
  }

  /** Starts one more gateway with the fleet's configuration: a fresh instance with an empty L1. */
  public Member startMember() {
    int port = TestRedis.freePort();
    Map<String, Object> own = new LinkedHashMap<>(config);
    own.put("http.port", port);
    own.put("upstream.baseUrl", emulator.baseUrl());
    TagwayConfig parsed = TagwayConfig.read(ConfigReader.of(own, Map.of()));
    Member member = new Member(Await.await(Gateway.start(parsed)), port);
    members.add(member);
    return member;
  }

  /** The emulator every gateway calls. */
  public TencentImEmulator emulator() {
    return emulator;
  }

  /** Upstream calls of {@code im_get_tag} so far. */
  public long lookupCalls() {
    return emulator.stats().callsByCommand().getOrDefault("im_get_tag", 0L);
  }

  /** A client of the emulator signed as the app admin, for changing Tencent's truth. */
  public TimClient upstream() {
    return upstream;
  }

  /** The fleet's own Vert.x (the emulator's and the HTTP client's), for timers and polling. */
  public Vertx vertx() {
    return vertx;
  }

  /** Stops every gateway, then the emulator and the client; keeps going past failures. */
  @Override
  public void close() {
    List<Throwable> failures = new ArrayList<>();
    for (Member member : members) {
      try {
        Await.await(member.gateway.shutdown());
      } catch (RuntimeException | AssertionError e) {
        failures.add(e);
      }
    }
    members.clear();
    if (upstream != null) {
      upstream.close();
    }
    if (web != null) {
      web.close();
    }
    try {
      Await.await(vertx.close());
    } catch (RuntimeException | AssertionError e) {
      failures.add(e);
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("the fleet did not stop cleanly");
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }

  private void start(int instances, EmulatorFaults faults) {
    emulator = Await.await(TencentImEmulator.start(vertx,
        EmulatorOptions.builder().port(0).users(EmulatorOptions.DEFAULT_USERS).faults(faults).build()));
    AdminUserSig userSig = new AdminUserSig(new UserSigSigner(EmulatorOptions.DEMO_SECRET_KEY), APP,
        EmulatorOptions.DEFAULT_ADMIN, Duration.ofDays(1), Clock.systemUTC());
    upstream = new TimClient(vertx, TimClientOptions.of(URI.create(emulator.baseUrl()), APP,
        EmulatorOptions.DEFAULT_ADMIN, Duration.ofSeconds(5)), userSig);
    web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(16));
    for (int i = 0; i < instances; i++) {
      startMember();
    }
  }

  /**
   * What {@code GET /v1/users/{account}/tags} answered.
   *
   * @param tags the tags; empty on an error
   * @param cache the {@code X-Cache} header
   * @param error the error body when the status is not 200, otherwise null
   */
  public record TagAnswer(int status, List<String> tags, String cache, String error) {

    /** A successful answer. */
    public static TagAnswer ok(List<String> tags, String cache) {
      return new TagAnswer(200, tags, cache, null);
    }
  }

  /** What {@code POST /v1/tags/lookup} answered: tags by account, and the accounts that failed. */
  public record LookupAnswer(Map<String, List<String>> results, JsonArray errors) {}

  /** One running gateway, reached over HTTP. */
  public final class Member {

    private final Gateway gateway;
    private final int port;

    private Member(Gateway gateway, int port) {
      this.gateway = gateway;
      this.port = port;
    }

    /** Its HTTP port. */
    public int port() {
      return port;
    }

    /** {@code GET /v1/users/{account}/tags}; the status, tags (empty on an error) and X-Cache. */
    public Future<TagAnswer> get(String account) {
      return web.get(port, "127.0.0.1", "/v1/users/" + account + "/tags").send()
          .map(response -> response.statusCode() == 200
              ? TagAnswer.ok(tags(response.bodyAsJsonObject().getJsonArray("tags")), response.getHeader("X-Cache"))
              : new TagAnswer(response.statusCode(), List.of(), response.getHeader("X-Cache"), response.bodyAsString()));
    }

    /** {@code POST /v1/tags/lookup}; fails unless the answer is 200. */
    public Future<LookupAnswer> lookup(List<String> accounts) {
      return web.post(port, "127.0.0.1", "/v1/tags/lookup")
          .sendJsonObject(new JsonObject().put("accounts", new JsonArray(List.copyOf(accounts))))
          .expecting(HttpResponseExpectation.SC_OK)
          .map(HttpResponse::bodyAsJsonObject)
          .map(body -> {
            Map<String, List<String>> results = new HashMap<>();
            for (Object item : body.getJsonArray("results")) {
              JsonObject result = (JsonObject) item;
              results.put(result.getString("account"), tags(result.getJsonArray("tags")));
            }
            return new LookupAnswer(results, body.getJsonArray("errors"));
          });
    }

    /** {@code POST /v1/invalidate}; answers the status once the gateway acknowledged (or refused). */
    public Future<Integer> invalidate(List<String> accounts) {
      return web.post(port, "127.0.0.1", "/v1/invalidate")
          .sendJsonObject(new JsonObject().put("accounts", new JsonArray(List.copyOf(accounts))))
          .map(HttpResponse::statusCode);
    }

    /** {@code GET /health/ready}: its status and body. */
    public Future<HttpResponse<Buffer>> readiness() {
      return web.get(port, "127.0.0.1", "/health/ready").send();
    }

    /** True when {@code /health/ready} answers 200. */
    public Future<Boolean> ready() {
      return readiness().map(response -> response.statusCode() == 200);
    }

    /** The gateway itself. */
    public Gateway gateway() {
      return gateway;
    }

    @Override
    public String toString() {
      return "gateway on port " + port;
    }
  }

  private static List<String> tags(JsonArray array) {
    List<String> tags = new ArrayList<>(array.size());
    array.forEach(tag -> tags.add((String) tag));
    return tags;
  }

  /** Configures and starts a fleet. */
  public static final class Builder {

    private final Map<String, Object> config = new LinkedHashMap<>();
    private int instances = 1;
    private EmulatorFaults faults = EmulatorFaults.NONE;

    private Builder() {
      config.put("http.host", "127.0.0.1");
      config.put("http.instances", 1);
      config.put("upstream.sdkAppId", APP);
      config.put("upstream.secretKey", EmulatorOptions.DEMO_SECRET_KEY);
      config.put("upstream.identifier", EmulatorOptions.DEFAULT_ADMIN);
      config.put("lookup.timeout", "30s");
      // Several gateways, an emulator and Redis processes share a few cores here; the first
      // commands on fresh (cluster) connections can take longer than the 250 ms default.
      config.put("redis.timeout", "1s");
    }

    /** How many gateways to start. */
    public Builder instances(int instances) {
      this.instances = instances;
      return this;
    }

    /** Emulator latency uniform in {@code [baseMs, baseMs + jitterMs]} on every tag command. */
    public Builder emulatorLatency(long baseMs, long jitterMs) {
      this.faults = EmulatorFaults.NONE.withLatency(baseMs, jitterMs);
      return this;
    }

    /** Any configuration key, as the YAML file would give it (e.g. {@code "upstream.rateLimit", 20}). */
    public Builder set(String key, Object value) {
      config.put(key, value);
      return this;
    }

    /** One standalone Redis shared by every gateway. */
    public Builder redis(String url) {
      return set("redis.mode", "standalone").set("redis.url", url);
    }

    /** A Redis Cluster, reached through some of its nodes. */
    public Builder redisCluster(List<String> nodes) {
      return set("redis.mode", "cluster").set("redis.endpoints", nodes);
    }

    /** A Sentinel-managed Redis, reached through its sentinels. */
    public Builder redisSentinel(List<String> sentinels, String masterName) {
      return set("redis.mode", "sentinel").set("redis.endpoints", sentinels).set("redis.masterName", masterName);
    }

    /** Starts the emulator and the gateways; on failure stops what started. */
    public GatewayFleet start() {
      GatewayFleet fleet = new GatewayFleet(config);
      try {
        fleet.start(instances, faults);
        return fleet;
      } catch (RuntimeException | AssertionError e) {
        try {
          fleet.close();
        } catch (RuntimeException | AssertionError suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }
}
