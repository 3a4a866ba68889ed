package io.tagway.api;

import static io.tagway.api.CompatGateway.body;
import static io.tagway.api.CompatGateway.users;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bodies of the Tencent-compatible endpoint: 90001 for anything that is not JSON of the documented
 * shape, 90018 past 100 accounts, all with HTTP 200; and answers shaped like the emulator's: request
 * order, a duplicate once per occurrence, {@code "Tags":[]} for an unknown account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatBodyTest {

  private static final int MAX_BODY_BYTES = 4096;

  private CompatGateway gateway;

  @BeforeAll
  void start() {
    gateway = CompatGateway.start(CompatGateway.set(CompatGateway.config(), "http.maxBodyBytes", MAX_BODY_BYTES));
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @Test
  void malformedBodiesAnswer90001AndOversizedBatches90018() {
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("not JSON", "{\"To_Account\":[\"u1\"");
    bodies.put("empty", "");
    bodies.put("JSON array", "[\"u1\"]");
    bodies.put("JSON string", "\"u1\"");
    bodies.put("JSON null", "null");
    bodies.put("To_Account missing", "{}");
    bodies.put("To_Account misspelt", "{\"to_account\":[\"u1\"]}");
    bodies.put("To_Account a string", "{\"To_Account\":\"u1\"}");
    bodies.put("To_Account an object", "{\"To_Account\":{\"u1\":1}}");
    bodies.put("To_Account numbers", "{\"To_Account\":[1,2]}");
    bodies.put("To_Account with null", "{\"To_Account\":[\"u1\",null]}");
    bodies.put("To_Account nested", "{\"To_Account\":[[\"u1\"]]}");
    bodies.put("To_Account empty", "{\"To_Account\":[]}");
    bodies.put("over http.maxBodyBytes", body(List.of("u1", "x".repeat(MAX_BODY_BYTES))));
    bodies.put("101 accounts", body(users(0, 101)));
    bodies.put("101 duplicates", body(Collections.nCopies(101, "u1")));
    bodies.put("100 accounts", body(users(0, 100)));
    bodies.put("extra fields", "{\"To_Account\":[\"u1\"],\"Tags\":[\"x\"],\"X\":{}}");

    Map<String, Integer> expected = new LinkedHashMap<>();
    bodies.keySet().forEach(name -> expected.put(name, 90001));
    expected.put("101 accounts", 90018);
    expected.put("101 duplicates", 90018);
    expected.put("100 accounts", 0);
    expected.put("extra fields", 0);
    Map<String, Integer> actual = new LinkedHashMap<>();
    bodies.forEach((name, body) -> {
      JsonObject answer = gateway.call(gateway.query(), body);
      actual.put(name, answer.getInteger("ErrorCode"));
      if (answer.getInteger("ErrorCode") != 0) {
        assertThat(answer.fieldNames()).as(name).containsExactly("ActionStatus", "ErrorCode", "ErrorInfo");
        assertThat(answer.getString("ActionStatus")).as(name).isEqualTo("FAIL");
      }
    });
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void aFullBatchAnswersEveryAccountWithItsTruth() {
    List<String> accounts = users(100, 200);
    assertThat(gateway.getTags(accounts)).isEqualTo(gateway.truth(accounts));
  }

  @Test
  void answersFollowTheRequestLikeTheEmulator() {
    List<String> accounts = List.of("u7", "nobody", "u7", "u999", "u1000", "u007", "u8", "nobody", "u7");
    assertThat(gateway.getTags(accounts)).isEqualTo(gateway.truth(accounts));
  }

  @Test
  void accountsTheGatewayCannotHoldHaveNoTags() {
    // Written by hand: the lone surrogate travels as a JSON escape, as no UTF-8 can carry it.
    String body = "{\"To_Account\":[\"u9\",\"\",\"" + "x".repeat(33) + "\",\"tab\\there\",\"\\ud800\",\"u9\"]}";
    JsonObject answer = gateway.call(gateway.query(), body);
    assertThat(answer).isEqualTo(gateway.truth(List.of("u9", "", "x".repeat(33), "tab\there", "\ud800", "u9")));
    assertThat(answer.getJsonArray("UserTags").getJsonObject(0).getJsonArray("Tags")).isNotEmpty();
  }
}
