package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TagSetTest {

  @Test
  void keepsTheGivenOrder() {
    TagSet set = TagSet.of("b", "a", "c");
    assertThat(set.tags()).containsExactly("b", "a", "c");
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.isEmpty()).isFalse();
  }

  @Test
  void dropsLaterDuplicates() {
    assertThat(TagSet.of("a", "b", "a", "c", "b").tags()).containsExactly("a", "b", "c");
    assertThat(TagSet.of("x", "x", "x").tags()).containsExactly("x");
  }

  @Test
  void dropsDuplicatesInLongLists() {
    List<String> tags = new ArrayList<>();
    IntStream.range(0, 100).forEach(i -> tags.add("t" + (i % 40)));
    TagSet set = TagSet.of(tags);
    assertThat(set.size()).isEqualTo(40);
    assertThat(set.tags()).isEqualTo(tags.subList(0, 40));
  }

  @Test
  void acceptsListsWithoutFastRandomAccess() {
    assertThat(TagSet.of(new LinkedList<>(List.of("a", "b", "a"))).tags()).containsExactly("a", "b");
  }

  @Test
  void emptyInputGivesTheEmptySet() {
    assertThat(TagSet.of()).isSameAs(TagSet.EMPTY);
    assertThat(TagSet.of(List.of())).isSameAs(TagSet.EMPTY);
    assertThat(TagSet.EMPTY.isEmpty()).isTrue();
    assertThat(TagSet.EMPTY.size()).isZero();
    assertThat(TagSet.EMPTY.tags()).isEmpty();
    assertThat(TagSet.EMPTY).hasToString("[]");
  }

  @Test
  void emptyStringIsATag() {
    assertThat(TagSet.of("", "a", "").tags()).containsExactly("", "a");
  }

  @Test
  void nullsAreRefusedWithTheirPlace() {
    assertThatThrownBy(() -> TagSet.of((List<String>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tags");
    assertThatThrownBy(() -> TagSet.of((String[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tags");
    assertThatThrownBy(() -> TagSet.of("a", null, "b"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tags[1] is null");
    List<String> longList = new ArrayList<>(Arrays.asList(new String[30]));
    longList.replaceAll(tag -> "t");
    longList.set(25, null);
    assertThatThrownBy(() -> TagSet.of(longList)).hasMessage("tags[25] is null");
  }

  @Test
  void doesNotFollowChangesToTheInput() {
    List<String> tags = new ArrayList<>(List.of("a", "b"));
    TagSet set = TagSet.of(tags);
    tags.set(0, "z");
    tags.add("c");
    assertThat(set.tags()).containsExactly("a", "b");
  }

  @Test
  void tagsCannotBeModified() {
    List<String> tags = TagSet.of("a", "b").tags();
    assertThatThrownBy(() -> tags.add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> tags.set(0, "c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> tags.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(tags::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThat(tags).containsExactly("a", "b");
  }

  @Test
  void equalByContentAndOrder() {
    TagSet ab = TagSet.of("a", "b");
    assertThat(ab).isEqualTo(TagSet.of(new String("a"), new String("b")));
    assertThat(ab).isEqualTo(TagSet.of("a", "b", "a"));
    assertThat(ab).hasSameHashCodeAs(TagSet.of("a", "b"));
    assertThat(ab).isNotEqualTo(TagSet.of("b", "a"));
    assertThat(ab).isNotEqualTo(TagSet.of("a"));
    assertThat(ab).isNotEqualTo(TagSet.of("a", "b", "c"));
    assertThat(ab).isNotEqualTo(TagSet.EMPTY);
    assertThat(ab).isNotEqualTo(List.of("a", "b"));
    assertThat(ab).isNotEqualTo(null);
  }

  @Test
  void hashCodeIsTheListHashCode() {
    assertThat(TagSet.of("a", "b").hashCode()).isEqualTo(List.of("a", "b").hashCode());
    assertThat(TagSet.EMPTY.hashCode()).isEqualTo(List.of().hashCode());
  }

  @Test
  void printsLikeAList() {
    assertThat(TagSet.of("a", "b")).hasToString("[a, b]");
    assertThat(TagSet.of("a")).hasToString("[a]");
  }
}
