package io.tagway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.upstream.wire.AccountTags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stats count exactly what the test did; the admin endpoints read and steer the emulator. */
@ExtendWith(VertxExtension.class)
class EmulatorStatsTest {

  private EmulatorHarness harness;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    EmulatorHarness.start(vertx, EmulatorHarness.options().build()).onComplete(ctx.succeeding(started -> {
      harness = started;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    harness.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void statsCountExactlyWhatHappened(VertxTestContext ctx) {
    List<String> hundred = IntStream.range(0, 100).mapToObj(Population::account).toList();
    var expiredQuery = harness.query().set("usersig",
        harness.signer.sign(EmulatorOptions.DEFAULT_SDK_APP_ID, EmulatorHarness.ADMIN, 1, 60));
    var notAdminQuery = harness.query().set("identifier", "bob").set("usersig", harness.userSig("bob"));
    harness.getTags(List.of("u1", "u2", "u1"))
        .compose(v -> harness.getTags(hundred))
        .compose(v -> harness.getTags(hundred))
        .compose(v -> harness.call(TagCommand.ADD_TAG, EmulatorHarness.userTagsBody(List.of(new AccountTags("u1", List.of("a"))))))
        .compose(v -> harness.call(TagCommand.GET_TAG, expiredQuery, Buffer.buffer("{\"To_Account\":[\"u1\"]}")))
        .compose(v -> harness.call(TagCommand.REMOVE_TAG, notAdminQuery, Buffer.buffer("{}")))
        .compose(v -> harness.call(TagCommand.GET_TAG, harness.query(), Buffer.buffer("nope")))
        .compose(v -> harness.admin(HttpMethod.GET, "/emulator/stats", null))
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          JsonObject json = response.bodyAsJsonObject();
          assertThat(json.getJsonObject("callsByCommand").getMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
              "im_get_tag", 5, "im_add_tag", 1, "im_remove_tag", 1, "im_remove_all_tags", 0));
          assertThat(json.getLong("totalCalls")).isEqualTo(7);
          assertThat(json.getLong("accountsRequested")).isEqualTo(203);
          assertThat(json.getLong("duplicateAccountsRequested")).isEqualTo(1);
          assertThat(json.getJsonObject("batchSizeHistogram").getMap())
              .containsExactlyInAnyOrderEntriesOf(Map.of("3", 1, "100", 2));
          assertThat(json.getInteger("rateLimitViolations")).isZero();
          assertThat(json.getJsonObject("signatureFailures").getMap()).containsExactlyInAnyOrderEntriesOf(Map.of("70001", 1));
          assertThat(json.getJsonObject("errorsByCode").getMap())
              .containsExactlyInAnyOrderEntriesOf(Map.of("70001", 1, "90009", 1, "90001", 1));
          assertThat(json.getJsonObject("faultsInjected").getMap())
              .containsExactlyInAnyOrderEntriesOf(Map.of("delayed", 0, "internalErrors", 0, "badGateways", 0, "hangs", 0));
          assertThat(json.getInteger("hungConnections")).isZero();
          assertThat(json.getInteger("maxCallsInAnySecond")).isEqualTo(1);
          // The in-process snapshot says the same.
          assertThat(harness.emulator.stats().toJson()).isEqualTo(json);
          return null;
        })
        .compose(v -> harness.admin(HttpMethod.POST, "/emulator/stats/reset", null))
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(204);
          EmulatorStats stats = harness.emulator.stats();
          assertThat(stats.totalCalls()).isZero();
          assertThat(stats.accountsRequested()).isZero();
          assertThat(stats.batchSizeHistogram()).isEmpty();
          assertThat(stats.errorsByCode()).isEmpty();
          assertThat(stats.signatureFailures()).isEmpty();
          assertThat(stats.maxCallsInAnySecond()).isZero();
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void faultsCanBeReadAndReplacedOverHttp(VertxTestContext ctx) {
    harness.admin(HttpMethod.GET, "/emulator/faults", null)
        .map(response -> {
          assertThat(response.bodyAsJsonObject()).isEqualTo(EmulatorFaults.NONE.toJson());
          return null;
        })
        .compose(v -> harness.admin(HttpMethod.PUT, "/emulator/faults",
            Buffer.buffer("{\"latencyBaseMs\":5,\"badGatewayShare\":0.25}")))
        .map(response -> {
          EmulatorFaults expected = EmulatorFaults.NONE.withLatency(5, 0).withBadGatewayShare(0.25);
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.bodyAsJsonObject()).isEqualTo(expected.toJson());
          assertThat(harness.emulator.faults()).isEqualTo(expected);
          return null;
        })
        .compose(v -> harness.admin(HttpMethod.GET, "/emulator/faults", null))
        .map(response -> assertThat(response.bodyAsJsonObject().getDouble("badGatewayShare")).isEqualTo(0.25))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void badFaultsAreRejectedWith400AndChangeNothing(VertxTestContext ctx) {
    expectError(harness.admin(HttpMethod.PUT, "/emulator/faults", Buffer.buffer("{\"hangShare\":1.5}")), 400, "invalid_faults")
        .compose(v -> expectError(harness.admin(HttpMethod.PUT, "/emulator/faults",
            Buffer.buffer("{\"internalErrorShare\":0.7,\"hangShare\":0.7}")), 400, "invalid_faults"))
        .compose(v -> expectError(harness.admin(HttpMethod.PUT, "/emulator/faults", Buffer.buffer("{\"nope\":1}")), 400, "invalid_faults"))
        .compose(v -> expectError(harness.admin(HttpMethod.PUT, "/emulator/faults", Buffer.buffer("{\"hangShare\":")), 400, "invalid_json"))
        .compose(v -> expectError(harness.admin(HttpMethod.PUT, "/emulator/faults", Buffer.buffer("[1]")), 400, "invalid_json"))
        .compose(v -> expectError(harness.admin(HttpMethod.PUT, "/emulator/faults", null), 400, "invalid_json"))
        .map(v -> assertThat(harness.emulator.faults()).isEqualTo(EmulatorFaults.NONE))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void unknownPathsAndMethodsAnswerTheErrorShape(VertxTestContext ctx) {
    expectError(harness.admin(HttpMethod.GET, "/nope", null), 404, "not_found")
        .compose(v -> expectError(harness.admin(HttpMethod.POST, "/v4/all_member_push/im_get_tags", Buffer.buffer("{}")), 404, "not_found"))
        .compose(v -> expectError(harness.admin(HttpMethod.GET, "/v4/all_member_push/im_get_tag", null), 405, "method_not_allowed"))
        .compose(v -> expectError(harness.admin(HttpMethod.DELETE, "/emulator/stats", null), 405, "method_not_allowed"))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void startsOnAFreePortAndNamesItsBaseUrl(Vertx vertx, VertxTestContext ctx) {
    EmulatorHarness.start(vertx, EmulatorHarness.options().build())
        .map(second -> {
          assertThat(second.emulator.port()).isPositive().isNotEqualTo(harness.emulator.port());
          assertThat(second.emulator.baseUrl()).isEqualTo("http://127.0.0.1:" + second.emulator.port());
          return second;
        })
        .compose(EmulatorHarness::close)
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<Void> expectError(Future<HttpResponse<Buffer>> call, int status, String code) {
    return call.map(response -> {
      assertThat(response.statusCode()).isEqualTo(status);
      assertThat(response.getHeader("content-type")).isEqualTo("application/json");
      JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo(code);
      assertThat(error.getString("message")).isNotBlank();
      return null;
    });
  }
}
