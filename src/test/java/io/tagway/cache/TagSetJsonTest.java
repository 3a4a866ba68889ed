package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagSetJsonTest {

  @Test
  void writesAJsonArray() {
    assertThat(json(TagSet.of("a", "b"))).isEqualTo("[\"a\",\"b\"]");
    assertThat(json(TagSet.of("only"))).isEqualTo("[\"only\"]");
    assertThat(json(TagSet.EMPTY)).isEqualTo("[]");
    assertThat(json(TagSet.of(""))).isEqualTo("[\"\"]");
  }

  @Test
  void appendsToWhatIsAlreadyInTheBuffer() {
    Buffer out = Buffer.buffer("{\"tags\":");
    TagSet.of("x").writeJson(out);
    out.appendString("}");
    assertThat(out.toString()).isEqualTo("{\"tags\":[\"x\"]}");
  }

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    assertThat(json(TagSet.of("a\"b", "c\\d"))).isEqualTo("[\"a\\\"b\",\"c\\\\d\"]");
    assertThat(json(TagSet.of("\b\f\n\r\t"))).isEqualTo("[\"\\b\\f\\n\\r\\t\"]");
    assertThat(json(TagSet.of("\u0000\u0001\u001f"))).isEqualTo("[\"\\u0000\\u0001\\u001F\"]");
    assertThat(json(TagSet.of("/ \u007f"))).isEqualTo("[\"/ \u007f\"]");
  }

  @Test
  void writesNonAsciiAsUtf8() {
    Buffer out = Buffer.buffer();
    TagSet.of("é", "标签", "😀").writeJson(out);
    assertThat(out.getBytes()).isEqualTo("[\"é\",\"标签\",\"😀\"]".getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain",
        "with space",
        "quote\"inside",
        "back\\slash",
        "\\\"",
        "\"\"",
        "line\nbreak\r\n",
        "tab\there",
        "\u0000nul",
        "\u001b[31mansi",
        "\u0007\u000b\u000e\u001f",
        "\u007f\u0080\u009f",
        "\u2028\u2029",
        "ünïcödé",
        "标签:地区/广东",
        "emoji 😀👍🏽",
        "</script>",
        "{\"json\":[1,2]}",
        "\ufeffbom",
        "\uffff"
      })
  void matchesVertxJsonArrayEncode(String tag) {
    TagSet set = TagSet.of(tag, "after");
    assertThat(json(set)).isEqualTo(new JsonArray(List.of(tag, "after")).encode());
    assertThat(new JsonArray(buffer(set)).getList()).containsExactly(tag, "after");
  }

  @Test
  void keepsLoneSurrogatesAsEscapes() {
    TagSet set = TagSet.of("a\ud800b", "\udc00", "x\ud83d");
    assertThat(json(set)).isEqualTo("[\"a\\uD800b\",\"\\uDC00\",\"x\\uD83D\"]");
    assertThat(new JsonArray(buffer(set)).getList()).containsExactly("a\ud800b", "\udc00", "x\ud83d");
  }

  @Test
  void surrogatePairsInReverseOrderAreTwoLoneSurrogates() {
    assertThat(json(TagSet.of("\ude00\ud83d"))).isEqualTo("[\"\\uDE00\\uD83D\"]");
  }

  @Test
  void writesTheSameBytesEveryTime() {
    TagSet set = TagSet.of("a\"", "b");
    Buffer out = Buffer.buffer();
    set.writeJson(out);
    set.writeJson(out);
    assertThat(out.toString()).isEqualTo("[\"a\\\"\",\"b\"][\"a\\\"\",\"b\"]");
  }

  private static Buffer buffer(TagSet set) {
    Buffer out = Buffer.buffer();
    set.writeJson(out);
    return out;
  }

  private static String json(TagSet set) {
    return buffer(set).toString(StandardCharsets.UTF_8);
  }
}
