package io.tagway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmulatorPopulationTest {

  private final Population population = new Population(42, 100_000);

  @Test
  void fnv1aMatchesPublishedVectors() {
    assertThat(Population.fnv1a64(new byte[0])).isEqualTo(0xcbf29ce484222325L);
    assertThat(Population.fnv1a64("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(Population.fnv1a64("foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x85944171f73967e8L);
  }

  @Test
  void pinnedValuesNeverDrift() {
    // Computed by an independent Python transcription of Population's class doc; a change here
    // breaks every tool that recomputes the truth.
    assertThat(population.tagsOf("u0")).isEqualTo(PINNED_U0);
    assertThat(population.tagsOf("u1")).isEqualTo(PINNED_U1);
    assertThat(population.tagsOf("u99999")).isEqualTo(PINNED_U99999);
  }

  @Test
  void everyAccountHasOneToFiveDistinctTagsFromTheVocabulary() {
    Set<Integer> counts = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      List<String> tags = population.tagsOf(Population.account(i));
      counts.add(tags.size());
      assertThat(tags).hasSizeBetween(Population.MIN_TAGS, Population.MAX_TAGS).doesNotHaveDuplicates();
      assertThat(tags).allMatch(t -> t.matches("t(0|[1-9][0-9]{0,2})"));
    }
    assertThat(counts).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
  }

  @Test
  void isAPureFunctionOfAccountSeedAndSize() {
    assertThat(Population.tagsOf("u123", 42, 100_000)).isEqualTo(population.tagsOf("u123"));
    assertThat(new Population(42, 100_000).tagsOf("u123")).isEqualTo(population.tagsOf("u123"));
    assertThat(Population.tagsOf("u123", 43, 100_000)).isNotEqualTo(population.tagsOf("u123"));
    // The size only decides who exists, not what they hold.
    assertThat(Population.tagsOf("u123", 42, 124)).isEqualTo(population.tagsOf("u123"));
  }

  @Test
  void onlyCanonicalAccountsInsideThePopulationExist() {
    assertThat(population.exists("u0")).isTrue();
    assertThat(population.exists("u99999")).isTrue();
    assertThat(population.exists("u100000")).isFalse();
    assertThat(population.exists("u007")).isFalse();
    assertThat(population.exists("u-1")).isFalse();
    assertThat(population.exists("U1")).isFalse();
    assertThat(population.exists("u")).isFalse();
    assertThat(population.exists("u99999999999")).isFalse();
    assertThat(population.exists("")).isFalse();
    assertThat(population.tagsOf("u007")).isEmpty();
    assertThat(population.tagsOf("alice")).isEmpty();
    assertThat(new Population(42, 0).tagsOf("u0")).isEmpty();
  }

  @Test
  void tagListsAreImmutable() {
    assertThatThrownBy(() -> population.tagsOf("u5").add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNegativeSize() {
    assertThatThrownBy(() -> new Population(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static final List<String> PINNED_U0 = List.of("t808", "t425");
  private static final List<String> PINNED_U1 = List.of("t968", "t309", "t287", "t634", "t10");
  private static final List<String> PINNED_U99999 = List.of("t712");
}
