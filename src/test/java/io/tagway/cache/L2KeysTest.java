package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.redis.client.impl.ZModem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class L2KeysTest {

  @Test
  void scopesTheAccountByAppInsideAHashTag() {
    assertThat(L2Keys.key(1_400_000_000L, "u42")).isEqualTo("tw:1400000000:{u42}");
  }

  @Test
  void keepsAnAccountsKeysInOneClusterSlot() {
    String data = L2Keys.key(1_400_000_000L, "u42");

    assertThat(ZModem.generate(data)).isEqualTo(ZModem.generate("u42"));
    assertThat(ZModem.generate(data + ":inv")).isEqualTo(ZModem.generate(data));
    assertThat(ZModem.generate(L2Keys.key(1_400_000_001L, "u42"))).as("same account, other app")
        .isEqualTo(ZModem.generate(data));
  }

  @Test
  void aClosingBraceInsideAnAccountTruncatesTheTagButKeepsItsKeysTogether() {
    String data = L2Keys.key(1, "a}b");

    assertThat(data).isEqualTo("tw:1:{a}b}");
    assertThat(ZModem.generate(data)).isEqualTo(ZModem.generate("a"));
    assertThat(ZModem.generate(data + ":inv")).isEqualTo(ZModem.generate(data));
    assertThat(ZModem.generate(L2Keys.key(1, "x{y"))).isEqualTo(ZModem.generate("x{y"));
  }

  @Test
  void distinctAccountsGetDistinctKeys() {
    assertThat(L2Keys.key(1, "a}")).isNotEqualTo(L2Keys.key(1, "a"));
    assertThat(L2Keys.key(1, "a}:inv")).isNotEqualTo(L2Keys.key(1, "a") + ":inv");
    assertThat(L2Keys.key(12, "3")).isNotEqualTo(L2Keys.key(1, "23"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"u42", "a", "with space", "中文", "a|b,c", "{}", "12345678901234567890123456789012",
      "😀😀😀😀😀😀😀😀"})
  void acceptsUpTo32BytesOfPrintableText(String account) {
    assertThat(L2Keys.validAccount(account)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "123456789012345678901234567890123", "中文中文中文中文中文中", "tab\t", "nl\n",
      "nul\u0000", "del\u007f", "c1\u0085", "\ud800", "x\udc00y"})
  void rejectsEmptyTooLongControlAndBrokenText(String account) {
    assertThat(L2Keys.validAccount(account)).isFalse();
    assertThatThrownBy(() -> L2Keys.key(1, account)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a cacheable account");
  }

  @Test
  void rejectsNull() {
    assertThat(L2Keys.validAccount(null)).isFalse();
  }
}
