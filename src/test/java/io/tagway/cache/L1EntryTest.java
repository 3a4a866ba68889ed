package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class L1EntryTest {

  private static final TagSet AB = TagSet.of("a", "b");

  @ParameterizedTest
  @ValueSource(strings = {"u", "u1", "u1234567", "u12345678", "abcdefghijklmnop", "144115188075855872", "用户1"})
  void anEntryEqualsAnyEntryOfTheSameNameAndKnowsTheNameAndItsStringHash(String account) {
    L1Entry entry = L1Entry.of(account, AB, 42);
    L1Entry probe = L1Entry.probe(new String(account.toCharArray()));
    assertThat(entry).isEqualTo(probe).hasSameHashCodeAs(probe);
    assertThat(probe).isEqualTo(entry);
    assertThat(entry.account()).isEqualTo(account);
    assertThat(entry.accountHash()).isEqualTo(account.hashCode());
    assertThat(entry.tags()).isSameAs(AB);
    assertThat(entry.fetchedAt()).isEqualTo(42);
    assertThat(entry).hasToString(account + " FRESH [a, b]");
  }

  @Test
  void shortAsciiNamesArePackedOthersKeepTheirString() {
    assertThat(L1Entry.probe("u1234567")).isInstanceOf(L1Entry.Chars8.class);
    assertThat(L1Entry.probe("u12345678")).isInstanceOf(L1Entry.Chars16.class);
    assertThat(L1Entry.probe("abcdefghijklmnop")).isInstanceOf(L1Entry.Chars16.class);
    assertThat(L1Entry.probe("abcdefghijklmnopq")).isInstanceOf(L1Entry.Named.class);
    assertThat(L1Entry.probe("用户1")).isInstanceOf(L1Entry.Named.class);
    assertThat(L1Entry.probe("caf\u00e9")).isInstanceOf(L1Entry.Named.class);
    assertThat(L1Entry.probe("a\u0000")).isInstanceOf(L1Entry.Named.class);
  }

  @Test
  void namesThatDifferAnywhereOrInLengthGetDifferentEntries() {
    List<String> names = new ArrayList<>();
    String base = "abcdefghijklmnopq";
    for (int length = 1; length <= base.length(); length++) {
      String name = base.substring(0, length);
      names.add(name);
      for (int i = 0; i < length; i++) {
        names.add(name.substring(0, i) + 'Z' + name.substring(i + 1));
      }
    }
    Set<L1Entry> entries = new HashSet<>();
    names.forEach(name -> entries.add(L1Entry.probe(name)));
    assertThat(entries).hasSize(new HashSet<>(names).size());
  }

  @Test
  void sequentialNamesSpreadOverTheLowBitsOfTheHash() {
    Set<Integer> buckets = new HashSet<>();
    for (int i = 0; i < 4096; i++) {
      int h = L1Entry.probe("u" + i).hashCode();
      buckets.add((h ^ (h >>> 16)) & 4095); // how ConcurrentHashMap picks a bin in a table of 4096
    }
    assertThat(buckets).hasSizeGreaterThan(2500); // random placement fills about 2,590
  }

  @Test
  void replacingChangesTheTagsAndTimeButNotTheName() {
    L1Entry entry = L1Entry.of("u1", AB, 1);
    entry.replaceWith(L1Entry.of("u1", TagSet.EMPTY, 2));
    assertThat(entry.tags()).isSameAs(TagSet.EMPTY);
    assertThat(entry.fetchedAt()).isEqualTo(2);
    assertThat(entry).isEqualTo(L1Entry.probe("u1"));
  }
}
