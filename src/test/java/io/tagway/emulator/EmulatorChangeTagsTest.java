package io.tagway.emulator;

import static io.tagway.emulator.EmulatorHarness.accountsBody;
import static io.tagway.emulator.EmulatorHarness.userTagsBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.upstream.wire.AccountTags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EmulatorChangeTagsTest {

  private EmulatorHarness harness;
  private Population truth;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    EmulatorHarness.start(vertx, EmulatorHarness.options().build())
        .onComplete(ctx.succeeding(started -> {
          harness = started;
          truth = started.population();
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    harness.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void addRemoveAndRemoveAllChangeWhatGetAnswers(VertxTestContext ctx) {
    List<String> u1 = truth.tagsOf("u1");
    List<String> u1Added = new ArrayList<>(u1);
    u1Added.addAll(List.of("vip", "beta"));
    List<String> u1Removed = new ArrayList<>(u1Added);
    u1Removed.removeAll(List.of(u1.get(0), "beta"));

    ok(TagCommand.ADD_TAG, userTagsBody(List.of(
        new AccountTags("u1", List.of("vip", "beta", u1.get(0))),
        new AccountTags("newcomer", List.of("fresh")))))
        .compose(v -> expectTags(List.of("u1", "newcomer", "u2"), List.of(u1Added, List.of("fresh"), truth.tagsOf("u2"))))
        .compose(v -> ok(TagCommand.REMOVE_TAG, userTagsBody(List.of(
            new AccountTags("u1", List.of(u1.get(0), "beta", "never-had")),
            new AccountTags("nobody", List.of("x"))))))
        .compose(v -> expectTags(List.of("u1", "nobody"), List.of(u1Removed, List.of())))
        .compose(v -> ok(TagCommand.REMOVE_ALL_TAGS, accountsBody(List.of("u1", "u2", "stranger"))))
        .compose(v -> expectTags(List.of("u1", "u2", "u3", "newcomer"),
            List.of(List.of(), List.of(), truth.tagsOf("u3"), List.of("fresh"))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void addLimitsAnswerTheirCodesAndChangeNothing(VertxTestContext ctx) {
    List<String> elevenTags = IntStream.range(0, 11).mapToObj(i -> "t" + i).toList();
    fail(TagCommand.ADD_TAG, userTagsBody(entries(101, List.of("a"))), 90018)
        .compose(v -> fail(TagCommand.ADD_TAG, userTagsBody(List.of(
            new AccountTags("u1", List.of("ok")), new AccountTags("u2", elevenTags))), 90032))
        .compose(v -> fail(TagCommand.ADD_TAG, userTagsBody(List.of(
            new AccountTags("u1", List.of("ok")), new AccountTags("u2", List.of("y".repeat(51))))), 90020))
        .compose(v -> expectTags(List.of("u0", "u1", "u2"), List.of(truth.tagsOf("u0"), truth.tagsOf("u1"), truth.tagsOf("u2"))))
        .compose(v -> ok(TagCommand.ADD_TAG, userTagsBody(List.of(new AccountTags("u2", List.of("y".repeat(50)))))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anAccountHoldsAtMostOneHundredTags(VertxTestContext ctx) {
    Future<Void> chain = ok(TagCommand.REMOVE_ALL_TAGS, accountsBody(List.of("u9")));
    for (int round = 0; round < 10; round++) {
      List<String> ten = IntStream.range(round * 10, round * 10 + 10).mapToObj(i -> "k" + i).toList();
      chain = chain.compose(v -> ok(TagCommand.ADD_TAG, userTagsBody(List.of(new AccountTags("u9", ten)))));
    }
    chain.compose(v -> fail(TagCommand.ADD_TAG, userTagsBody(List.of(new AccountTags("u9", List.of("k100")))), 90032))
        .compose(v -> harness.getTags(List.of("u9")))
        .map(answer -> assertThat(answer.get(0).tags()).hasSize(100).doesNotContain("k100"))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void removeCommandsRejectMoreThanOneHundredAccounts(VertxTestContext ctx) {
    List<String> accounts = IntStream.range(0, 101).mapToObj(Population::account).toList();
    fail(TagCommand.REMOVE_TAG, userTagsBody(entries(101, List.of("a"))), 90018)
        .compose(v -> fail(TagCommand.REMOVE_ALL_TAGS, accountsBody(accounts), 90018))
        .compose(v -> expectTags(List.of("u0"), List.of(truth.tagsOf("u0"))))
        .onComplete(ctx.succeedingThenComplete());
  }

  private Future<Void> ok(TagCommand command, JsonObject body) {
    return harness.call(command, body).map(answer -> {
      assertThat(answer.encode()).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
      return null;
    });
  }

  private Future<Void> fail(TagCommand command, JsonObject body, int code) {
    return harness.call(command, body).map(answer -> {
      assertThat(answer.getString("ActionStatus")).isEqualTo("FAIL");
      assertThat(answer.getInteger("ErrorCode")).as(answer.encode()).isEqualTo(code);
      return null;
    });
  }

  private Future<Void> expectTags(List<String> accounts, List<List<String>> expected) {
    return harness.getTags(accounts).map(answer -> {
      assertThat(answer).extracting(AccountTags::tags).containsExactlyElementsOf(expected);
      return null;
    });
  }

  private static List<AccountTags> entries(int n, List<String> tags) {
    return IntStream.range(0, n).mapToObj(i -> new AccountTags(Population.account(i), tags)).toList();
  }
}
