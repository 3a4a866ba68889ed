package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class L2CodecTest {

  @Test
  void writesTheDocumentedFormat() {
    assertThat(L2Codec.encode(new L2Entry(List.of("a|b", ""), 1_700_000_000_000L))).isEqualTo("1|loyw3v28|3:a|b0:");
    assertThat(L2Codec.encode(new L2Entry(List.of(), 0))).isEqualTo("1|0|");
  }

  @Test
  void roundTripsTagsOfAnyContent() {
    List<String> tags = List.of("plain", "with|pipe", "with,comma", "\"quoted\"", "it's", "12:34", "1|0|", "",
        "中文标签", "emoji 🎉", "tab\there", "new\nline", "{brace}", ":");
    L2Entry entry = new L2Entry(tags, 1_712_345_678_901L);

    assertThat(L2Codec.decode(L2Codec.encode(entry))).isEqualTo(entry);
  }

  @Test
  void roundTripsNoTagsAndExtremeTimes() {
    for (long time : new long[] {0, 1, 36, Long.MAX_VALUE}) {
      L2Entry entry = new L2Entry(List.of(), time);
      assertThat(L2Codec.decode(L2Codec.encode(entry))).isEqualTo(entry);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "1", "1|", "1||", "2|abc|", "x|abc|", "1|ABC|", "1|-5|", "1|zzzzzzzzzzzzzz|", "1|1y2p0ij32e8e8|",
      "1|abc", "1|abc|3", "1|abc|3:", "1|abc|3:ab", "1|abc|:ab", "1|abc|a:b", "1|abc|-1:a", "1|abc|3:abcd",
      "1|abc|9999999999:a", "1|a c|", "1|٣|", "[\"json\"]", "1|abc|2:ab1:"})
  void unreadableValuesDecodeToNothing(String value) {
    assertThat(L2Codec.decode(value)).isNull();
  }

  @Test
  void nullDecodesToNothing() {
    assertThat(L2Codec.decode(null)).isNull();
  }
}
