package io.tagway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.upstream.wire.AccountTags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EmulatorFaultInjectionTest {

  private static final JsonObject GET_U1 = EmulatorHarness.accountsBody(List.of("u1"));

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
  void internalErrorShareAnswers91000AndChangesNothing(VertxTestContext ctx) {
    harness.emulator.faults(EmulatorFaults.NONE.withInternalErrorShare(1));
    JsonObject add = EmulatorHarness.userTagsBody(List.of(new AccountTags("u1", List.of("faulted"))));
    harness.call(TagCommand.ADD_TAG, add)
        .map(answer -> {
          assertThat(answer.encode()).isEqualTo(
              "{\"ActionStatus\":\"FAIL\",\"ErrorCode\":91000,\"ErrorInfo\":\"Internal error, retry\"}");
          harness.emulator.faults(EmulatorFaults.NONE);
          return null;
        })
        .compose(v -> harness.getTags(List.of("u1")))
        .map(answer -> {
          assertThat(answer.get(0).tags()).isEqualTo(harness.population().tagsOf("u1"));
          EmulatorStats stats = harness.emulator.stats();
          assertThat(stats.faultsInjected().internalErrors()).isEqualTo(1);
          assertThat(stats.errors(91000)).isEqualTo(1);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void badGatewayShareAnswersHttp502(VertxTestContext ctx) {
    harness.emulator.faults(EmulatorFaults.NONE.withBadGatewayShare(1));
    harness.post(TagCommand.GET_TAG, harness.query().entries(), GET_U1.toBuffer())
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(502);
          assertThat(response.bodyAsString()).contains("502 Bad Gateway");
          assertThat(harness.emulator.stats().faultsInjected().badGateways()).isEqualTo(1);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void faultsOnlyApplyAfterTheChecks(VertxTestContext ctx) {
    harness.emulator.faults(EmulatorFaults.NONE.withBadGatewayShare(1));
    var query = harness.query().set("identifier", "xiaojun").set("usersig", harness.userSig("xiaojun"));
    harness.call(TagCommand.GET_TAG, query, GET_U1.toBuffer())
        .map(answer -> {
          assertThat(answer.getInteger("ErrorCode")).isEqualTo(90009);
          assertThat(harness.emulator.stats().faultsInjected().badGateways()).isZero();
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void sharesSplitCallsAsConfigured(VertxTestContext ctx) {
    harness.emulator.faults(EmulatorFaults.NONE.withInternalErrorShare(0.5));
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < 200; i++) {
      chain = chain.compose(v -> harness.call(TagCommand.GET_TAG, GET_U1)).mapEmpty();
    }
    chain.map(v -> {
      long faulted = harness.emulator.stats().faultsInjected().internalErrors();
      // Binomial(200, 0.5): 60..140 is more than eight standard deviations wide.
      assertThat(faulted).isBetween(60L, 140L);
      return null;
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void hungConnectionTimesOutTheClientAndIsReleased(VertxTestContext ctx) {
    harness.emulator.faults(EmulatorFaults.NONE.withHangShare(1));
    var request = harness.client.post(harness.emulator.port(), "127.0.0.1", TagCommand.GET_TAG.path()).timeout(300);
    harness.query().forEach(request::addQueryParam);
    request.sendBuffer(GET_U1.toBuffer())
        .transform(ar -> {
          assertThat(ar.failed()).as("a hung call must not be answered").isTrue();
          assertThat(ar.cause().getMessage()).containsIgnoringCase("timeout");
          assertThat(harness.emulator.stats().faultsInjected().hangs()).isEqualTo(1);
          return harness.eventually(() -> harness.emulator.stats().hungConnections() == 0);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void hungConnectionIsClosedAtTheCap(VertxTestContext ctx) {
    harness.emulator.faults(EmulatorFaults.NONE.withHangShare(1).withHangCapMs(200));
    var request = harness.client.post(harness.emulator.port(), "127.0.0.1", TagCommand.GET_TAG.path()).timeout(30_000);
    harness.query().forEach(request::addQueryParam);
    request.sendBuffer(GET_U1.toBuffer())
        .transform(ar -> {
          assertThat(ar.failed()).as("closed, not answered").isTrue();
          assertThat(ar.cause().getMessage()).doesNotContainIgnoringCase("timeout");
          return harness.eventually(() -> harness.emulator.stats().hungConnections() == 0);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void closingTheEmulatorReleasesHungConnections(VertxTestContext ctx) {
    harness.emulator.faults(EmulatorFaults.NONE.withHangShare(1));
    var request = harness.client.post(harness.emulator.port(), "127.0.0.1", TagCommand.GET_TAG.path()).timeout(30_000);
    harness.query().forEach(request::addQueryParam);
    Future<?> pending = request.sendBuffer(GET_U1.toBuffer());
    harness.eventually(() -> harness.emulator.stats().hungConnections() == 1)
        .compose(v -> harness.emulator.close())
        .transform(closed -> pending.transform(ar -> {
          assertThat(closed.succeeded()).isTrue();
          assertThat(ar.failed()).isTrue();
          assertThat(harness.emulator.stats().hungConnections()).isZero();
          return Future.succeededFuture();
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void latencyDelaysTheAnswer(VertxTestContext ctx) {
    harness.emulator.faults(EmulatorFaults.NONE.withLatency(150, 50));
    long started = System.nanoTime();
    harness.getTags(List.of("u1"))
        .map(answer -> {
          long elapsedMs = (System.nanoTime() - started) / 1_000_000;
          // A lower bound only: timers never fire early, and a slow machine may add any delay.
          assertThat(elapsedMs).isGreaterThanOrEqualTo(150);
          assertThat(answer.get(0).tags()).isEqualTo(harness.population().tagsOf("u1"));
          assertThat(harness.emulator.stats().faultsInjected().delayed()).isEqualTo(1);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }
}
