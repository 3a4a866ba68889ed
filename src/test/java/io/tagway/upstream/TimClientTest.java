package io.tagway.upstream;

import static io.tagway.upstream.TimTestbed.assertKeepsSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.emulator.EmulatorStats;
import io.tagway.emulator.Population;
import io.tagway.emulator.TagCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TimClient against the emulator over real HTTP: answers, round trips, and what it refuses to send. */
@ExtendWith(VertxExtension.class)
class TimClientTest {

  private TimTestbed testbed;
  private TimClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    TimTestbed.start(vertx, TimTestbed.emulatorOptions().build()).onComplete(ctx.succeeding(started -> {
      testbed = started;
      client = started.client();
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    testbed.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void getTagsAnswersTheEmulatorsTruthForKnownAndUnknownAccounts(VertxTestContext ctx) {
    Population truth = testbed.population();
    // u999 is the last of the 1000 accounts; u1000 is one past; u07 is not canonical; alice never existed.
    List<String> accounts = List.of("u0", "u1", "u42", "u999", "u1000", "u07", "alice");
    client.getTags(accounts)
        .map(result -> {
          Map<String, List<String>> expected = new LinkedHashMap<>();
          accounts.forEach(account -> expected.put(account, truth.tagsOf(account)));
          assertThat(result.tags()).containsExactlyInAnyOrderEntriesOf(expected);
          assertThat(result.tags().get("u42")).isNotEmpty();
          assertThat(result.tags().get("u1000")).isEmpty();
          assertThat(result.tags().get("alice")).isEmpty();
          assertThat(result.missing()).isEmpty();
          EmulatorStats stats = testbed.emulator.stats();
          assertThat(stats.calls(TagCommand.GET_TAG)).isEqualTo(1);
          assertThat(stats.batchSizeHistogram()).containsExactlyEntriesOf(Map.of(accounts.size(), 1L));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aDuplicateAccountIsAnsweredOnce(VertxTestContext ctx) {
    client.getTags(List.of("u5", "u5", "u6"))
        .map(result -> {
          assertThat(result.tags()).containsOnlyKeys("u5", "u6");
          assertThat(result.tags().get("u5")).isEqualTo(testbed.population().tagsOf("u5"));
          assertThat(result.missing()).isEmpty();
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aHundredAccountsGoInOneCall(VertxTestContext ctx) {
    List<String> accounts = accounts(100);
    client.getTags(accounts)
        .map(result -> {
          assertThat(result.tags()).hasSize(100);
          accounts.forEach(account -> assertThat(result.tags().get(account))
              .as(account).isEqualTo(testbed.population().tagsOf(account)));
          assertThat(testbed.emulator.stats().batchSizeHistogram()).containsExactlyEntriesOf(Map.of(100, 1L));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anAccountLeftOutOfUserTagsIsReportedMissing(Vertx vertx, VertxTestContext ctx) {
    // Tencent does not document whether it answers every account; this upstream leaves u2 out,
    // answers u3 without Tags, and throws in an account nobody asked for.
    JsonObject answer = StubTencent.OK.copy().put("UserTags", new JsonArray()
        .add(new JsonObject().put("To_Account", "u1").put("Tags", new JsonArray().add("t1").add("t2")))
        .add(new JsonObject().put("To_Account", "u3"))
        .add(new JsonObject().put("To_Account", "stranger").put("Tags", new JsonArray().add("t9"))));
    StubTencent.start(vertx, answer)
        .compose(stub -> testbed.client(TimTestbed.options(stub.baseUrl()), TimTestbed.adminUserSig())
            .getTags(List.of("u1", "u2", "u3"))
            .eventually(stub::close))
        .map(result -> {
          assertThat(result.tags()).containsOnlyKeys("u1", "u3");
          assertThat(result.tags().get("u1")).containsExactly("t1", "t2");
          assertThat(result.tags().get("u3")).isEmpty();
          assertThat(result.missing()).containsExactly("u2");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aHundredAndOneAccountsAreRefusedBeforeSending(VertxTestContext ctx) {
    List<String> accounts = accounts(101);
    Map<String, List<String>> tagged = new LinkedHashMap<>();
    accounts.forEach(account -> tagged.put(account, List.of("x")));
    assertRefusedWithoutACall(ctx, List.of(
        client.getTags(accounts),
        client.removeAllTags(accounts),
        client.addTags(tagged),
        client.removeTags(tagged)));
  }

  @Test
  void noAccountsAreRefusedBeforeSending(VertxTestContext ctx) {
    assertRefusedWithoutACall(ctx, List.of(
        client.getTags(List.of()),
        client.removeAllTags(List.of()),
        client.addTags(Map.of()),
        client.removeTags(Map.of())));
  }

  @Test
  void elevenTagsForOneAccountAreRefusedBeforeSending(VertxTestContext ctx) {
    List<String> eleven = IntStream.range(0, 11).mapToObj(i -> "new" + i).toList();
    assertRefusedWithoutACall(ctx, List.of(
        client.addTags(Map.of("u1", eleven)),
        client.addTags(Map.of("u1", List.of("ok"), "u2", eleven))));
  }

  @Test
  void anEmptyTagListIsRefusedBeforeSending(VertxTestContext ctx) {
    assertRefusedWithoutACall(ctx, List.of(
        client.addTags(Map.of("u1", List.of())),
        client.removeTags(Map.of("u1", List.of())),
        client.removeTags(Map.of("u1", List.of("t1"), "u2", List.of()))));
  }

  @Test
  void aTagLongerThanFiftyBytesIsRefusedBeforeSending(VertxTestContext ctx) {
    assertRefusedWithoutACall(ctx, List.of(
        client.addTags(Map.of("u1", List.of("x".repeat(51)))),
        // 17 characters of 3 bytes each in UTF-8
        client.addTags(Map.of("u1", List.of("ok", "\u6807".repeat(17))))));
  }

  @Test
  void aTagOfFiftyBytesIsSent(VertxTestContext ctx) {
    String fiftyBytes = "\u6807".repeat(16) + "xy";
    client.addTags(Map.of("carol", List.of(fiftyBytes, "x".repeat(50))))
        .compose(v -> client.getTags(List.of("carol")))
        .map(result -> {
          assertThat(result.tags().get("carol")).containsExactlyInAnyOrder(fiftyBytes, "x".repeat(50));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void tenTagsForOneAccountAreSent(VertxTestContext ctx) {
    List<String> ten = IntStream.range(0, 10).mapToObj(i -> "new" + i).toList();
    client.addTags(Map.of("alice", ten))
        .compose(v -> client.getTags(List.of("alice")))
        .map(result -> {
          assertThat(result.tags().get("alice")).containsExactlyElementsOf(ten);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void addRemoveAndRemoveAllChangeWhatGetTagsAnswers(VertxTestContext ctx) {
    List<String> initial = testbed.population().tagsOf("u7");
    Function<String, Future<List<String>>> tagsOf = account ->
        client.getTags(List.of(account)).map(result -> result.tags().get(account));
    client.addTags(Map.of("u7", List.of("red", "blue"), "bob", List.of("green")))
        .compose(v -> tagsOf.apply("u7"))
        .map(tags -> {
          List<String> expected = new ArrayList<>(initial);
          expected.addAll(List.of("red", "blue"));
          assertThat(tags).containsExactlyElementsOf(expected);
          return null;
        })
        .compose(v -> tagsOf.apply("bob"))
        .map(tags -> {
          assertThat(tags).containsExactly("green");
          return null;
        })
        .compose(v -> client.removeTags(Map.of("u7", List.of("red", initial.get(0)))))
        .compose(v -> tagsOf.apply("u7"))
        .map(tags -> {
          List<String> expected = new ArrayList<>(initial.subList(1, initial.size()));
          expected.add("blue");
          assertThat(tags).containsExactlyElementsOf(expected);
          return null;
        })
        .compose(v -> client.removeAllTags(List.of("u7", "bob")))
        .compose(v -> client.getTags(List.of("u7", "bob")))
        .map(result -> {
          assertThat(result.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("u7", List.of(), "bob", List.of()));
          EmulatorStats stats = testbed.emulator.stats();
          assertThat(stats.calls(TagCommand.ADD_TAG)).isEqualTo(1);
          assertThat(stats.calls(TagCommand.REMOVE_TAG)).isEqualTo(1);
          assertThat(stats.calls(TagCommand.REMOVE_ALL_TAGS)).isEqualTo(1);
          assertThat(stats.errorsByCode()).isEmpty();
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aBaseUrlWithATrailingSlashStillReachesTheService(VertxTestContext ctx) {
    TimClient slashed = testbed.client(TimTestbed.options(testbed.emulator.baseUrl() + "/"), TimTestbed.adminUserSig());
    slashed.getTags(List.of("u3"))
        .map(result -> {
          assertThat(result.tags().get("u3")).isEqualTo(testbed.population().tagsOf("u3"));
          assertThat(testbed.emulator.stats().calls(TagCommand.GET_TAG)).isEqualTo(1);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /** Every call failed locally as OUR_BUG, and the emulator saw nothing. */
  private void assertRefusedWithoutACall(VertxTestContext ctx, List<Future<?>> calls) {
    List<Future<TimException>> failures = calls.stream().map(TimTestbed::failure).toList();
    Future.all(failures)
        .map(all -> {
          for (Future<TimException> failed : failures) {
            TimException refusal = failed.result();
            assertThat(refusal.kind()).isEqualTo(TimFailureKind.OUR_BUG);
            assertThat(refusal.code()).isEqualTo(TimException.NO_CODE);
            assertThat(refusal.httpStatus()).isZero();
            assertThat(refusal.getMessage()).contains("not sent");
            assertKeepsSecrets(refusal, TimTestbed.adminUserSig().current());
          }
          assertThat(testbed.emulator.stats().totalCalls()).isZero();
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private static List<String> accounts(int count) {
    return IntStream.range(0, count).mapToObj(Population::account).toList();
  }
}
