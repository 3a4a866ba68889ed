package io.tagway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.upstream.UserSigSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each query-string failure answers its code; runs every case and reports all mismatches at once. */
@ExtendWith(VertxExtension.class)
class EmulatorQueryCheckTest {

  private static final long APP = EmulatorOptions.DEFAULT_SDK_APP_ID;
  private static final Buffer BODY = EmulatorHarness.accountsBody(List.of("u1")).toBuffer();

  private EmulatorHarness harness;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    EmulatorOptions options = EmulatorHarness.options().adminIdentifiers(Set.of("administrator", "ops")).build();
    EmulatorHarness.start(vertx, options).onComplete(ctx.succeeding(started -> {
      harness = started;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    harness.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void eachQueryFailureAnswersItsCode(VertxTestContext ctx) {
    String admin = EmulatorHarness.ADMIN;
    String goodSig = harness.userSig(admin);
    UserSigSigner wrongKey = new UserSigSigner("not-the-app-key");
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("valid", new Case(query(APP, admin, goodSig, "99999999", "json"), 0));
    cases.put("second admin", new Case(query(APP, "ops", harness.userSig("ops"), "1", "json"), 0));
    cases.put("random 0", new Case(query(APP, admin, goodSig, "0", "json"), 0));
    cases.put("random max", new Case(query(APP, admin, goodSig, "4294967295", "json"), 0));
    cases.put("random leading zeros", new Case(query(APP, admin, goodSig, "007", "json"), 0));
    cases.put("no sdkappid", new Case(without(query(APP, admin, goodSig, "1", "json"), "sdkappid"), 60012));
    cases.put("sdkappid upper case name", new Case(renamed(query(APP, admin, goodSig, "1", "json"), "sdkappid", "SDKAppID"), 60012));
    cases.put("sdkappid not a number", new Case(replaced(query(APP, admin, goodSig, "1", "json"), "sdkappid", "abc"), 60002));
    cases.put("sdkappid unknown", new Case(query(APP + 1, admin, goodSig, "1", "json"), 70016));
    cases.put("not an admin", new Case(query(APP, "xiaojun", harness.userSig("xiaojun"), "1", "json"), 90009));
    cases.put("expired", new Case(query(APP, admin,
        harness.signer.sign(APP, admin, EmulatorHarness.NOW - 86_401, 86_400), "1", "json"), 70001));
    cases.put("garbage usersig", new Case(query(APP, admin, "garbage", "1", "json"), 70003));
    cases.put("truncated usersig", new Case(query(APP, admin, goodSig.substring(0, goodSig.length() / 2), "1", "json"), 70003));
    cases.put("wrong key", new Case(query(APP, admin, wrongKey.sign(APP, admin, EmulatorHarness.NOW, 86_400), "1", "json"), 70009));
    cases.put("usersig of another identifier", new Case(query(APP, admin, harness.userSig("ops"), "1", "json"), 70013));
    cases.put("usersig of another app", new Case(query(APP, admin,
        harness.signer.sign(APP + 1, admin, EmulatorHarness.NOW, 86_400), "1", "json"), 70014));
    cases.put("no usersig", new Case(without(query(APP, admin, goodSig, "1", "json"), "usersig"), 60002));
    cases.put("no identifier", new Case(without(query(APP, admin, goodSig, "1", "json"), "identifier"), 60002));
    cases.put("no random", new Case(without(query(APP, admin, goodSig, "1", "json"), "random"), 60002));
    cases.put("random negative", new Case(query(APP, admin, goodSig, "-1", "json"), 60002));
    cases.put("random too big", new Case(query(APP, admin, goodSig, "4294967296", "json"), 60002));
    cases.put("random huge", new Case(query(APP, admin, goodSig, "99999999999999999999", "json"), 60002));
    cases.put("random not a number", new Case(query(APP, admin, goodSig, "abc", "json"), 60002));
    cases.put("random plus sign", new Case(query(APP, admin, goodSig, "+5", "json"), 60002));
    cases.put("random empty", new Case(query(APP, admin, goodSig, "", "json"), 60002));
    cases.put("random twice", new Case(with(query(APP, admin, goodSig, "1", "json"), "random", "2"), 60002));
    cases.put("no contenttype", new Case(without(query(APP, admin, goodSig, "1", "json"), "contenttype"), 60002));
    cases.put("contenttype JSON", new Case(query(APP, admin, goodSig, "1", "JSON"), 60002));
    cases.put("contenttype xml", new Case(query(APP, admin, goodSig, "1", "xml"), 60002));

    Map<String, Integer> expected = new LinkedHashMap<>();
    Map<String, Integer> actual = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Case> entry : cases.entrySet()) {
      expected.put(entry.getKey(), entry.getValue().code());
      chain = chain
          .compose(v -> harness.post(TagCommand.GET_TAG, entry.getValue().query(), BODY))
          .map(response -> {
            actual.put(entry.getKey(), EmulatorHarness.tencentBody(response).getInteger("ErrorCode"));
            return null;
          });
    }
    chain.map(v -> {
      assertThat(actual).containsExactlyEntriesOf(expected);
      EmulatorStats stats = harness.emulator.stats();
      assertThat(stats.signatureFailures()).containsExactlyInAnyOrderEntriesOf(
          Map.of(70001, 1L, 70003, 2L, 70009, 1L, 70013, 1L, 70014, 1L));
      assertThat(stats.errors(60002)).isEqualTo(14);
      assertThat(stats.calls(TagCommand.GET_TAG)).isEqualTo(cases.size());
      return null;
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void failureAnswersCarryTencentsShape(VertxTestContext ctx) {
    harness.post(TagCommand.GET_TAG, without(query(APP, EmulatorHarness.ADMIN, harness.userSig(EmulatorHarness.ADMIN), "1", "json"), "sdkappid"), BODY)
        .map(response -> {
          var json = EmulatorHarness.tencentBody(response);
          assertThat(json.fieldNames()).containsExactly("ActionStatus", "ErrorCode", "ErrorInfo");
          assertThat(json.getString("ActionStatus")).isEqualTo("FAIL");
          assertThat(json.getString("ErrorInfo")).isNotBlank();
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private record Case(List<Map.Entry<String, String>> query, int code) {}

  private static List<Map.Entry<String, String>> query(long app, String identifier, String userSig, String random, String contentType) {
    List<Map.Entry<String, String>> query = new ArrayList<>();
    query.add(Map.entry("sdkappid", Long.toString(app)));
    query.add(Map.entry("identifier", identifier));
    query.add(Map.entry("usersig", userSig));
    query.add(Map.entry("random", random));
    query.add(Map.entry("contenttype", contentType));
    return query;
  }

  private static List<Map.Entry<String, String>> without(List<Map.Entry<String, String>> query, String name) {
    return query.stream().filter(e -> !e.getKey().equals(name)).toList();
  }

  private static List<Map.Entry<String, String>> renamed(List<Map.Entry<String, String>> query, String name, String newName) {
    return query.stream().map(e -> e.getKey().equals(name) ? Map.entry(newName, e.getValue()) : e).toList();
  }

  private static List<Map.Entry<String, String>> replaced(List<Map.Entry<String, String>> query, String name, String value) {
    return query.stream().map(e -> e.getKey().equals(name) ? Map.entry(name, value) : e).toList();
  }

  private static List<Map.Entry<String, String>> with(List<Map.Entry<String, String>> query, String name, String value) {
    List<Map.Entry<String, String>> more = new ArrayList<>(query);
    more.add(Map.entry(name, value));
    return more;
  }
}
