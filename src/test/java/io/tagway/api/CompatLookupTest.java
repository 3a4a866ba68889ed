package io.tagway.api;

import static io.tagway.api.CompatGateway.ADMIN;
import static io.tagway.api.CompatGateway.body;
import static io.tagway.api.CompatGateway.query;
import static io.tagway.api.CompatGateway.users;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.emulator.EmulatorFaults;
import io.tagway.emulator.TagCommand;
import io.tagway.emulator.TencentImEmulator;
import io.tagway.testing.RedisExtension;
import io.tagway.testing.TestRedis;
import io.tagway.upstream.UserSigSigner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Tencent-compatible endpoint in front of an emulator this test steers (as a real Tencent would
 * sit behind {@code upstream.baseUrl}), with L2 in a real Redis: it answers what the emulator
 * answers, its accounts go through L1, L2 and coalesced upstream calls, and an account it cannot
 * get answers 91000.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatLookupTest {

  /** An app of its own, so that no other test's L2 entries can answer for it. */
  private static final long APP = 1_400_004_242L;

  private final Vertx vertx = Vertx.vertx();
  private TencentImEmulator emulator;
  private Map<String, Object> config;
  private CompatGateway gateway;

  @BeforeAll
  void start(TestRedis redis) {
    emulator = CompatGateway.startEmulator(vertx, APP);
    config = CompatGateway.config();
    CompatGateway.set(config, "upstream.baseUrl", emulator.baseUrl());
    CompatGateway.set(config, "upstream.sdkAppId", APP);
    CompatGateway.set(config, "redis.url", redis.url());
    CompatGateway.set(config, "lookup.maxRetries", 1);
    gateway = CompatGateway.start(config);
  }

  @AfterEach
  void healUpstream() {
    emulator.faults(EmulatorFaults.NONE);
  }

  @AfterAll
  void stop() {
    gateway.close();
    CompatGateway.await(emulator.close());
    CompatGateway.await(vertx.close());
  }

  @Test
  void answersAreTheEmulatorsOwn() {
    String good = gateway.userSig(ADMIN);
    Map<String, String[]> calls = new LinkedHashMap<>();
    calls.put("tags", new String[] {gateway.query(),
        body(List.of("u20", "nobody", "u20", "u999", "u1000", "", "x".repeat(40), "u21"))});
    calls.put("90001", new String[] {gateway.query(), "{\"To_Account\":[]}"});
    calls.put("90018", new String[] {gateway.query(), body(users(0, 101))});
    calls.put("90009", new String[] {query(APP, "ops", gateway.userSig("ops"), "1", "json"), body(List.of("u20"))});
    calls.put("70016", new String[] {query(APP + 1, ADMIN, good, "1", "json"), body(List.of("u20"))});
    calls.put("70009", new String[] {query(APP, ADMIN,
        new UserSigSigner("another-apps-key").sign(APP, ADMIN, CompatGateway.now(), 86_400), "1", "json"), body(List.of("u20"))});
    calls.put("60002", new String[] {query(APP, ADMIN, good, "1", "xml"), body(List.of("u20"))});
    URI emulatorBase = URI.create(emulator.baseUrl());
    calls.forEach((name, call) -> {
      JsonObject fromEmulator = CompatGateway.tencentAnswer(gateway.post(CompatGateway.endpoint(emulatorBase, call[0]), call[1]));
      JsonObject fromGateway = gateway.call(call[0], call[1]);
      assertThat(fromGateway).as(name).isEqualTo(fromEmulator);
      assertThat(fromGateway.fieldNames()).as(name).containsExactlyElementsOf(fromEmulator.fieldNames());
    });
  }

  @Test
  void accountsGoThroughTheCachesAndCoalescedUpstreamCalls() {
    List<String> distinct = users(300, 350);
    List<String> requested = new ArrayList<>(distinct);
    requested.addAll(distinct.subList(0, 10));
    requested.add("not-held-by-the-gateway-because-it-is-too-long");
    long calls = upstreamCalls();
    long accounts = emulator.stats().accountsRequested();

    assertThat(gateway.getTags(requested)).isEqualTo(gateway.truth(requested));
    assertThat(upstreamCalls()).as("one upstream call for the distinct accounts").isEqualTo(calls + 1);
    assertThat(emulator.stats().accountsRequested()).isEqualTo(accounts + distinct.size());

    assertThat(gateway.getTags(requested)).as("from L1").isEqualTo(gateway.truth(requested));
    try (CompatGateway second = CompatGateway.start(CompatGateway.set(config, "http.port", TestRedis.freePort()))) {
      assertThat(second.getTags(requested)).as("from L2").isEqualTo(gateway.truth(requested));
    }
    assertThat(upstreamCalls()).as("no upstream call for cached accounts").isEqualTo(calls + 1);
  }

  @Test
  void anAccountWithoutTagsOrStaleCopyAnswers91000() {
    List<String> cached = users(400, 405);
    List<String> unseen = users(405, 410);
    assertThat(gateway.getTags(cached)).isEqualTo(gateway.truth(cached));

    emulator.faults(EmulatorFaults.NONE.withInternalErrorShare(1.0));
    JsonObject failed = gateway.getTags(unseen);
    assertThat(failed.fieldNames()).containsExactly("ActionStatus", "ErrorCode", "ErrorInfo");
    assertThat(failed.getString("ActionStatus")).isEqualTo("FAIL");
    assertThat(failed.getInteger("ErrorCode")).isEqualTo(91000);
    assertThat(failed.getString("ErrorInfo")).contains("5 of 5");
    assertThat(gateway.getTags(cached)).as("cached accounts still answer").isEqualTo(gateway.truth(cached));
    List<String> mixed = Stream.concat(cached.stream(), unseen.stream().limit(1)).toList();
    assertThat(gateway.getTags(mixed).getInteger("ErrorCode")).as("one unavailable account fails the call").isEqualTo(91000);

    emulator.faults(EmulatorFaults.NONE);
    assertThat(gateway.getTags(mixed)).isEqualTo(gateway.truth(mixed));
  }

  private long upstreamCalls() {
    return emulator.stats().calls(TagCommand.GET_TAG);
  }
}
