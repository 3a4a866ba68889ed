package io.tagway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.upstream.wire.AccountTags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EmulatorGetTagTest {

  private EmulatorHarness harness;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    EmulatorHarness.start(vertx, EmulatorHarness.options().build())
        .onComplete(ctx.succeeding(started -> {
          harness = started;
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    harness.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void servesThePopulationTruthInRequestOrder(VertxTestContext ctx) {
    Population truth = harness.population();
    Random random = new Random(7);
    List<String> sample = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      sample.add(Population.account(random.nextInt(truth.users())));
    }
    sample.addAll(List.of("u0", "u99999", "u100000", "u007", "u-1", "alice", "", "U5", "\u7528\u6237", "u 1"));
    for (int i = 0; i < 40; i++) {
      sample.add("stranger" + i);
    }
    Collections.shuffle(sample, random);

    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < sample.size(); from += 100) {
      List<String> batch = sample.subList(from, Math.min(from + 100, sample.size()));
      chain = chain.compose(v -> harness.getTags(batch)).map(answer -> {
        assertThat(answer).extracting(AccountTags::account).containsExactlyElementsOf(batch);
        for (AccountTags entry : answer) {
          assertThat(entry.tags()).as(entry.account()).isEqualTo(truth.tagsOf(entry.account()));
        }
        return null;
      });
    }
    chain.onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void answersWithTencentsBaseFields(VertxTestContext ctx) {
    harness.post(TagCommand.GET_TAG, harness.query().entries(), EmulatorHarness.accountsBody(List.of("u1", "nobody")).toBuffer())
        .map(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("content-type")).isEqualTo("application/json");
          var json = response.bodyAsJsonObject();
          assertThat(json.fieldNames()).containsExactly("ActionStatus", "ErrorCode", "ErrorInfo", "UserTags");
          assertThat(json.getString("ActionStatus")).isEqualTo("OK");
          assertThat(json.getInteger("ErrorCode")).isZero();
          assertThat(json.getString("ErrorInfo")).isEmpty();
          assertThat(json.getJsonArray("UserTags").getJsonObject(1).encode())
              .isEqualTo("{\"To_Account\":\"nobody\",\"Tags\":[]}");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void answersDuplicatesOncePerOccurrence(VertxTestContext ctx) {
    Population truth = harness.population();
    harness.getTags(List.of("u1", "u2", "u1", "x", "x"))
        .map(answer -> {
          assertThat(answer).extracting(AccountTags::account).containsExactly("u1", "u2", "u1", "x", "x");
          assertThat(answer.get(2).tags()).isEqualTo(truth.tagsOf("u1"));
          EmulatorStats stats = harness.emulator.stats();
          assertThat(stats.accountsRequested()).isEqualTo(5);
          assertThat(stats.duplicateAccountsRequested()).isEqualTo(2);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void acceptsExactlyOneHundredAccounts(VertxTestContext ctx) {
    List<String> hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add(Population.account(i));
    }
    harness.getTags(hundred)
        .map(answer -> assertThat(answer).hasSize(100))
        .onComplete(ctx.succeedingThenComplete());
  }
}
