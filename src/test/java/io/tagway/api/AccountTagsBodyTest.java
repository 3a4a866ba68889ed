package io.tagway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tagway.cache.JsonText;
import io.tagway.cache.TagSet;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The single-account body: the exact bytes of the JSON, whatever the account or its tags. */
class AccountTagsBodyTest {

  @Test
  void aPlainAccountAndItsTags() {
    assertThat(AccountTagsBody.of("u1", TagSet.of("t968", "t309")).toString())
        .isEqualTo("{\"account\":\"u1\",\"tags\":[\"t968\",\"t309\"]}");
    assertThat(AccountTagsBody.of("nobody", TagSet.EMPTY).toString()).isEqualTo("{\"account\":\"nobody\",\"tags\":[]}");
  }

  /** Accounts that need escaping or UTF-8 take JsonText.literal's way, plain ones the copy. */
  @ParameterizedTest
  @ValueSource(strings = {"u1", "a\"b", "back\\slash", "tab\there", "\u0001", "é", "标签", "😀", "\ud800", "~", " ", "x/y"})
  void matchesTheLiteralOfEveryKindOfAccount(String account) {
    TagSet tags = TagSet.of("a\"b", "é", "");
    Buffer body = AccountTagsBody.of(account, tags);

    Buffer expected = Buffer.buffer("{\"account\":").appendBytes(JsonText.literal(account)).appendString(",\"tags\":");
    tags.writeJson(expected);
    expected.appendString("}");
    assertThat(body.getBytes()).isEqualTo(expected.getBytes());
    JsonObject parsed = new JsonObject(body);
    assertThat(parsed.getString("account")).isEqualTo(account.equals("\ud800") ? "\ud800" : account);
    assertThat(parsed.getJsonArray("tags")).isEqualTo(new JsonArray(List.of("a\"b", "é", "")));
  }

  @Test
  void setsOfEverySizeFillTheArrayExactly() {
    for (int size = 0; size <= 8; size++) {
      String[] tags = IntStream.range(0, size).mapToObj(i -> "tag" + i).toArray(String[]::new);
      TagSet set = TagSet.of(tags);
      Buffer written = Buffer.buffer();
      set.writeJson(written);
      assertThat(set.jsonLength()).as("size %d", size).isEqualTo(written.length());
      byte[] into = new byte[set.jsonLength() + 2];
      assertThat(set.writeJson(into, 1)).isEqualTo(set.jsonLength() + 1);
      assertThat(Buffer.buffer(into).getBuffer(1, set.jsonLength() + 1)).isEqualTo(written);
      assertThat(new JsonObject(AccountTagsBody.of("a", set)).getJsonArray("tags").getList()).containsExactly((Object[]) tags);
    }
  }

  @Test
  void onlyPrintableAsciiWithoutQuoteOrBackslashIsPlain() {
    assertThat(JsonText.plainLiteralLength("u1")).isEqualTo(4);
    assertThat(JsonText.plainLiteralLength("")).isEqualTo(2);
    assertThat(JsonText.plainLiteralLength(" ~!")).isEqualTo(5);
    for (String needsMore : List.of("a\"", "a\\", "\u001f", "\u007f", "é", "\ud83d\ude00")) {
      assertThat(JsonText.plainLiteralLength(needsMore)).as(needsMore).isEqualTo(-1);
    }
  }
}
