package io.tagway.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagway.upstream.wire.AccountTags;
import io.tagway.upstream.wire.TimFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EmulatorTagStoreTest {

  private final Population population = new Population(42, 1000);
  private final TagStore store = new TagStore(population);

  @Test
  void startsFromThePopulation() {
    assertThat(store.tagsOf("u1")).isEqualTo(population.tagsOf("u1"));
    assertThat(store.tagsOf("nobody")).isEmpty();
    assertThat(store.changedAccounts()).isZero();
  }

  @Test
  void addAppendsNewTagsInOrderAndIgnoresKnownOnes() {
    List<String> before = population.tagsOf("u1");
    store.addTags(List.of(new AccountTags("u1", List.of("new1", before.get(0), "new2", "new1"))));
    List<String> expected = new ArrayList<>(before);
    expected.addAll(List.of("new1", "new2"));
    assertThat(store.tagsOf("u1")).isEqualTo(expected);
  }

  @Test
  void addWorksForAccountsOutsideThePopulationAndRepeatedAccounts() {
    store.addTags(List.of(new AccountTags("alice", List.of("a")), new AccountTags("alice", List.of("b"))));
    assertThat(store.tagsOf("alice")).containsExactly("a", "b");
  }

  @Test
  void removeAndRemoveAll() {
    List<String> before = population.tagsOf("u1");
    store.removeTags(List.of(new AccountTags("u1", List.of(before.get(0), "absent"))));
    assertThat(store.tagsOf("u1")).isEqualTo(before.subList(1, before.size()));
    store.removeAllTags(List.of("u1", "u2"));
    assertThat(store.tagsOf("u1")).isEmpty();
    assertThat(store.tagsOf("u2")).isEmpty();
  }

  @Test
  void limitsAnswerTheirCodesAndChangeNothing() {
    assertCode(() -> store.addTags(entries(101, 1)), 90018);
    assertCode(() -> store.getTags(accounts(101)), 90018);
    assertCode(() -> store.removeTags(entries(101, 1)), 90018);
    assertCode(() -> store.removeAllTags(accounts(101)), 90018);
    assertCode(() -> store.addTags(List.of(new AccountTags("u1", tags(11)))), 90032);
    assertCode(() -> store.addTags(List.of(new AccountTags("u1", List.of("x".repeat(51))))), 90020);
    // 50 bytes is fine; 17 three-byte characters are 51 bytes.
    store.addTags(List.of(new AccountTags("u3", List.of("x".repeat(50)))));
    assertCode(() -> store.addTags(List.of(new AccountTags("u1", List.of("\u4e2d".repeat(17))))), 90020);
    // A failing entry anywhere in the call leaves the earlier entries unapplied too.
    assertCode(() -> store.addTags(List.of(new AccountTags("u2", List.of("ok")),
        new AccountTags("u1", tags(11)))), 90032);
    assertThat(store.tagsOf("u2")).isEqualTo(population.tagsOf("u2"));
    assertThat(store.tagsOf("u1")).isEqualTo(population.tagsOf("u1"));
  }

  @Test
  void anAccountHoldsAtMostOneHundredTags() {
    store.removeAllTags(List.of("u1"));
    for (int round = 0; round < 10; round++) {
      int first = round * 10;
      store.addTags(List.of(new AccountTags("u1", IntStream.range(first, first + 10).mapToObj(i -> "x" + i).toList())));
    }
    assertThat(store.tagsOf("u1")).hasSize(100);
    assertCode(() -> store.addTags(List.of(new AccountTags("u1", List.of("one-more")))), 90032);
    // Re-adding a held tag is no growth.
    store.addTags(List.of(new AccountTags("u1", List.of("x0"))));
    // The total also counts repeated entries of one account in the same call.
    store.removeAllTags(List.of("u2"));
    List<AccountTags> elevenTimesTen = IntStream.range(0, 11)
        .mapToObj(r -> new AccountTags("u2", IntStream.range(r * 10, r * 10 + 10).mapToObj(i -> "y" + i).toList()))
        .toList();
    assertCode(() -> store.addTags(elevenTimesTen), 90032);
    assertThat(store.tagsOf("u2")).isEmpty();
  }

  @Test
  void handsOutImmutableLists() {
    store.addTags(List.of(new AccountTags("u1", List.of("z"))));
    assertThatThrownBy(() -> store.tagsOf("u1").add("w")).isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertCode(Runnable call, int code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(TimFailure.class, f -> assertThat(f.code()).isEqualTo(code));
  }

  private static List<String> accounts(int n) {
    return IntStream.range(0, n).mapToObj(Population::account).toList();
  }

  private static List<String> tags(int n) {
    return IntStream.range(0, n).mapToObj(i -> "tag" + i).toList();
  }

  private static List<AccountTags> entries(int n, int tagsEach) {
    return accounts(n).stream().map(a -> new AccountTags(a, tags(tagsEach))).toList();
  }
}
