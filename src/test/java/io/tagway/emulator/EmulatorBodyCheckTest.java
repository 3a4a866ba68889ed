package io.tagway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Malformed bodies answer 90001, too many accounts 90018; runs every case and reports all mismatches. */
@ExtendWith(VertxExtension.class)
class EmulatorBodyCheckTest {

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
  void malformedBodiesAnswer90001AndOversizedBatches90018(VertxTestContext ctx) {
    String accounts101 = IntStream.range(0, 101).mapToObj(i -> "\"u" + i + "\"").collect(Collectors.joining(","));
    String userTags101 = IntStream.range(0, 101)
        .mapToObj(i -> "{\"To_Account\":\"u" + i + "\",\"Tags\":[\"a\"]}").collect(Collectors.joining(","));
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("get: not JSON", new Case(TagCommand.GET_TAG, "{\"To_Account\":[\"u1\"", 90001));
    cases.put("get: empty body", new Case(TagCommand.GET_TAG, "", 90001));
    cases.put("get: JSON array", new Case(TagCommand.GET_TAG, "[\"u1\"]", 90001));
    cases.put("get: JSON string", new Case(TagCommand.GET_TAG, "\"u1\"", 90001));
    cases.put("get: To_Account missing", new Case(TagCommand.GET_TAG, "{}", 90001));
    cases.put("get: To_Account misspelt", new Case(TagCommand.GET_TAG, "{\"to_account\":[\"u1\"]}", 90001));
    cases.put("get: To_Account a string", new Case(TagCommand.GET_TAG, "{\"To_Account\":\"u1\"}", 90001));
    cases.put("get: To_Account an object", new Case(TagCommand.GET_TAG, "{\"To_Account\":{\"u1\":1}}", 90001));
    cases.put("get: To_Account numbers", new Case(TagCommand.GET_TAG, "{\"To_Account\":[1,2]}", 90001));
    cases.put("get: To_Account with null", new Case(TagCommand.GET_TAG, "{\"To_Account\":[\"u1\",null]}", 90001));
    cases.put("get: To_Account nested array", new Case(TagCommand.GET_TAG, "{\"To_Account\":[[\"u1\"]]}", 90001));
    cases.put("get: To_Account empty", new Case(TagCommand.GET_TAG, "{\"To_Account\":[]}", 90001));
    cases.put("get: 101 accounts", new Case(TagCommand.GET_TAG, "{\"To_Account\":[" + accounts101 + "]}", 90018));
    cases.put("get: extra fields ignored", new Case(TagCommand.GET_TAG, "{\"To_Account\":[\"u1\"],\"X\":1}", 0));
    cases.put("add: UserTags missing", new Case(TagCommand.ADD_TAG, "{\"To_Account\":[\"u1\"]}", 90001));
    cases.put("add: UserTags an object", new Case(TagCommand.ADD_TAG, "{\"UserTags\":{\"To_Account\":\"u1\",\"Tags\":[\"a\"]}}", 90001));
    cases.put("add: entry a string", new Case(TagCommand.ADD_TAG, "{\"UserTags\":[\"u1\"]}", 90001));
    cases.put("add: To_Account missing", new Case(TagCommand.ADD_TAG, "{\"UserTags\":[{\"Tags\":[\"a\"]}]}", 90001));
    cases.put("add: To_Account an array", new Case(TagCommand.ADD_TAG, "{\"UserTags\":[{\"To_Account\":[\"u1\"],\"Tags\":[\"a\"]}]}", 90001));
    cases.put("add: Tags missing", new Case(TagCommand.ADD_TAG, "{\"UserTags\":[{\"To_Account\":\"u1\"}]}", 90001));
    cases.put("add: Tags a string", new Case(TagCommand.ADD_TAG, "{\"UserTags\":[{\"To_Account\":\"u1\",\"Tags\":\"a\"}]}", 90001));
    cases.put("add: Tags numbers", new Case(TagCommand.ADD_TAG, "{\"UserTags\":[{\"To_Account\":\"u1\",\"Tags\":[1]}]}", 90001));
    cases.put("add: 101 accounts", new Case(TagCommand.ADD_TAG, "{\"UserTags\":[" + userTags101 + "]}", 90018));
    cases.put("remove: Tags empty", new Case(TagCommand.REMOVE_TAG, "{\"UserTags\":[{\"To_Account\":\"u1\",\"Tags\":[]}]}", 90001));
    cases.put("remove: 101 accounts", new Case(TagCommand.REMOVE_TAG, "{\"UserTags\":[" + userTags101 + "]}", 90018));
    cases.put("remove all: To_Account a string", new Case(TagCommand.REMOVE_ALL_TAGS, "{\"To_Account\":\"u1\"}", 90001));
    cases.put("remove all: 101 accounts", new Case(TagCommand.REMOVE_ALL_TAGS, "{\"To_Account\":[" + accounts101 + "]}", 90018));

    Map<String, Integer> expected = new LinkedHashMap<>();
    Map<String, Integer> actual = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Case> entry : cases.entrySet()) {
      Case c = entry.getValue();
      expected.put(entry.getKey(), c.code());
      chain = chain
          .compose(v -> harness.post(c.command(), harness.query().entries(), Buffer.buffer(c.body())))
          .map(response -> {
            actual.put(entry.getKey(), EmulatorHarness.tencentBody(response).getInteger("ErrorCode"));
            return null;
          });
    }
    chain.map(v -> {
      assertThat(actual).containsExactlyEntriesOf(expected);
      // The histogram sees every well-formed im_get_tag batch, the oversized one included.
      assertThat(harness.emulator.stats().batchSizeHistogram()).containsExactlyInAnyOrderEntriesOf(Map.of(1, 1L, 101, 1L));
      return null;
    }).onComplete(ctx.succeedingThenComplete());
  }

  private record Case(TagCommand command, String body, int code) {}
}
