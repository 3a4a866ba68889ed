package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class L1KeyTest {

  @ParameterizedTest
  @ValueSource(strings = {"u", "u1", "u1234567", "u12345678", "abcdefghijklmnop", "144115188075855872"})
  void aKeyEqualsTheKeyOfTheSameNameHashesAsItsStringAndNamesIt(String account) {
    Object key = L1Key.of(account);
    Object again = L1Key.of(new String(account.toCharArray()));
    assertThat(key).isEqualTo(again).hasSameHashCodeAs(again);
    assertThat(key.hashCode()).isEqualTo(account.hashCode());
    assertThat(key).hasToString(account);
  }

  @Test
  void shortAsciiNamesArePackedOthersStayStrings() {
    assertThat(L1Key.of("u1234567")).isInstanceOf(L1Key.Chars8.class);
    assertThat(L1Key.of("u12345678")).isInstanceOf(L1Key.Chars16.class);
    assertThat(L1Key.of("abcdefghijklmnop")).isInstanceOf(L1Key.Chars16.class);
    assertThat(L1Key.of("abcdefghijklmnopq")).isEqualTo("abcdefghijklmnopq");
    assertThat(L1Key.of("用户1")).isEqualTo("用户1");
    assertThat(L1Key.of("caf\u00e9")).isEqualTo("caf\u00e9");
    assertThat(L1Key.of("a\u0000")).isEqualTo("a\u0000");
  }

  @Test
  void namesThatDifferAnywhereOrInLengthGetDifferentKeys() {
    List<String> names = new ArrayList<>();
    String base = "abcdefghijklmnopq";
    for (int length = 1; length <= base.length(); length++) {
      String name = base.substring(0, length);
      names.add(name);
      for (int i = 0; i < length; i++) {
        names.add(name.substring(0, i) + 'Z' + name.substring(i + 1));
      }
    }
    Set<Object> keys = new HashSet<>();
    names.forEach(name -> keys.add(L1Key.of(name)));
    assertThat(keys).hasSize(new HashSet<>(names).size());
  }
}
