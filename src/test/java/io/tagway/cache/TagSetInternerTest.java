package io.tagway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TagSetInternerTest {

  private final TagSetInterner interner = new TagSetInterner();

  @Test
  void equalListsGiveTheSameInstance() {
    TagSet first = interner.intern(List.of(copy("a"), copy("b")));
    TagSet second = interner.intern(new ArrayList<>(List.of(copy("a"), copy("b"))));
    assertThat(second).isSameAs(first);
    assertThat(second.tags().get(0)).isSameAs(first.tags().get(0));
  }

  @Test
  void duplicatesDoNotMakeADifferentSet() {
    assertThat(interner.intern(List.of("a", "b", "a"))).isSameAs(interner.intern(List.of("a", "b")));
  }

  @Test
  void orderMakesADifferentSetOfTheSameTagStrings() {
    TagSet ab = interner.intern(List.of(copy("a"), copy("b")));
    TagSet ba = interner.intern(List.of(copy("b"), copy("a")));
    assertThat(ba).isNotSameAs(ab).isNotEqualTo(ab);
    assertThat(ba.tags().get(0)).isSameAs(ab.tags().get(1));
    assertThat(ba.tags().get(1)).isSameAs(ab.tags().get(0));
  }

  @Test
  void differentSetsShareTheirTagStrings() {
    TagSet x = interner.intern(List.of(copy("t17"), copy("t1")));
    TagSet y = interner.intern(List.of(copy("t2"), copy("t17")));
    TagSet z = interner.intern(List.of(copy("t17")));
    assertThat(y.tags().get(1)).isSameAs(x.tags().get(0));
    assertThat(z.tags().get(0)).isSameAs(x.tags().get(0));
  }

  @Test
  void manySetsHoldOneStringPerDistinctTag() {
    List<TagSet> sets = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      sets.add(interner.intern(List.of("t" + (i % 50), "t" + (i * 7 % 100), "t" + (i % 3))));
    }
    Set<String> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    sets.forEach(set -> distinct.addAll(set.tags()));
    assertThat(distinct).hasSize(100);
  }

  @Test
  void setsBeyondTheSharedOnesAreEqualButNeedNotBeTheSame() {
    TagSet first = interner.intern(List.of("a", "b"));
    for (int i = 0; i < 4 * TagSetInterner.SHARED_SETS; i++) {
      interner.intern(List.of("x" + i, "y"));
    }
    TagSet again = interner.intern(List.of(copy("a"), copy("b")));
    assertThat(again).isEqualTo(first).hasSameHashCodeAs(first);
    assertThat(again.tags().get(0)).as("tags stay shared").isSameAs(first.tags().get(0));
  }

  @Test
  void emptyListGivesEmpty() {
    assertThat(interner.intern(List.of())).isSameAs(TagSet.EMPTY);
    assertThat(interner.intern(new ArrayList<>())).isSameAs(TagSet.EMPTY);
  }

  @Test
  void internedSetEqualsTheUninternedOne() {
    TagSet interned = interner.intern(List.of("a", "b"));
    assertThat(interned).isEqualTo(TagSet.of("a", "b"));
    Buffer out = Buffer.buffer();
    interned.writeJson(out);
    assertThat(out.toString()).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void separateInternersDoNotShare() {
    TagSet mine = interner.intern(List.of("a"));
    TagSet theirs = new TagSetInterner().intern(List.of("a"));
    assertThat(theirs).isEqualTo(mine).isNotSameAs(mine);
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> interner.intern(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tags");
    assertThatThrownBy(() -> interner.intern(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tags[1] is null");
  }

  @Test
  void concurrentInterningAgreesOnOneInstance() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<TagSet>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<List<TagSet>> task =
            () -> {
              start.await();
              List<TagSet> sets = new ArrayList<>();
              for (int i = 0; i < 2_000; i++) {
                sets.add(interner.intern(List.of(copy("t" + (i % 100)), copy("u" + (i % 7)))));
              }
              return sets;
            };
        results.add(pool.submit(task));
      }
      start.countDown();
      List<TagSet> reference = results.get(0).get(30, TimeUnit.SECONDS);
      for (Future<List<TagSet>> result : results) {
        List<TagSet> sets = result.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < sets.size(); i++) {
          assertThat(sets.get(i)).isSameAs(reference.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A string equal to {@code s} that is not the same instance. */
  private static String copy(String s) {
    return new String(s.toCharArray());
  }
}
