package io.tagway.emulator;

import static io.tagway.upstream.wire.TagLimits.MAX_TAGS_PER_ACCOUNT;
import static io.tagway.upstream.wire.TagLimits.MAX_TAGS_PER_ADD;
import static io.tagway.upstream.wire.TagLimits.MAX_TAG_BYTES;
import static io.tagway.upstream.wire.TagLimits.checkAccountCount;

import io.tagway.upstream.wire.AccountTags;
import io.tagway.upstream.wire.TimError;
import io.tagway.upstream.wire.TimFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The emulator's tag state: the {@link Population} truth plus an overlay of the changes made by
 * {@code im_add_tag}, {@code im_remove_tag} and {@code im_remove_all_tags}. Tag lists handed out
 * are immutable.
 *
 * <p>Limits: {@link io.tagway.upstream.wire.TagLimits}. Every change is all or nothing: a call that breaks a limit changes nothing. Adding a tag an
 * account already has is a no-op; new tags are appended in request order. Removing a tag the
 * account does not have is a no-op. Any account may be changed, including accounts outside the
 * population.
 *
 * <p>Not thread-safe: confined to the emulator's event loop.
 */
public final class TagStore {

  private final Population population;
  private final Map<String, List<String>> overlay = new HashMap<>();

  /** A store starting from {@code population}'s truth. */
  public TagStore(Population population) {
    this.population = population;
  }

  /** The current tags of {@code account}: immutable, possibly empty. */
  public List<String> tagsOf(String account) {
    List<String> changed = overlay.get(account);
    return changed != null ? changed : population.tagsOf(account);
  }

  /** The current tags of each account, in request order (duplicates answered each time). */
  public List<AccountTags> getTags(List<String> accounts) {
    checkAccountCount(accounts.size());
    List<AccountTags> answer = new ArrayList<>(accounts.size());
    for (String account : accounts) {
      answer.add(new AccountTags(account, tagsOf(account)));
    }
    return answer;
  }

  /** Throws the {@link TimFailure} that {@link #addTags} would answer, without changing anything. */
  public void checkAdd(List<AccountTags> changes) {
    checkAccountCount(changes.size());
    for (AccountTags change : changes) {
      if (change.tags().size() > MAX_TAGS_PER_ADD) {
        throw TimError.TOO_MANY_TAGS.failure(
            "More than " + MAX_TAGS_PER_ADD + " tags for account " + change.account() + " in one request");
      }
      for (String tag : change.tags()) {
        if (tag.getBytes(StandardCharsets.UTF_8).length > MAX_TAG_BYTES) {
          throw TimError.TAG_TOO_LONG.failure();
        }
      }
    }
    for (Map.Entry<String, List<String>> entry : merged(changes).entrySet()) {
      if (entry.getValue().size() > MAX_TAGS_PER_ACCOUNT) {
        throw TimError.TOO_MANY_TAGS.failure(
            "Account " + entry.getKey() + " would hold more than " + MAX_TAGS_PER_ACCOUNT + " tags");
      }
    }
  }

  /** Adds tags to accounts after checking every limit; all or nothing. */
  public void addTags(List<AccountTags> changes) {
    checkAdd(changes);
    overlay.putAll(merged(changes));
  }

  /** Removes the given tags from each account; all or nothing. */
  public void removeTags(List<AccountTags> changes) {
    checkAccountCount(changes.size());
    for (AccountTags change : changes) {
      List<String> kept = new ArrayList<>(tagsOf(change.account()));
      kept.removeAll(change.tags());
      overlay.put(change.account(), List.copyOf(kept));
    }
  }

  /** Removes every tag of each account; all or nothing. */
  public void removeAllTags(List<String> accounts) {
    checkAccountCount(accounts.size());
    for (String account : accounts) {
      overlay.put(account, List.of());
    }
  }

  /** The number of accounts whose tags differ from (or were rewritten over) the population. */
  public int changedAccounts() {
    return overlay.size();
  }

  /** The tag lists that {@code changes} would produce, per account (an account may repeat). */
  private Map<String, List<String>> merged(List<AccountTags> changes) {
    Map<String, Set<String>> sets = new HashMap<>();
    for (AccountTags change : changes) {
      sets.computeIfAbsent(change.account(), a -> new LinkedHashSet<>(tagsOf(a))).addAll(change.tags());
    }
    Map<String, List<String>> lists = new HashMap<>();
    sets.forEach((account, tags) -> lists.put(account, List.copyOf(tags)));
    return lists;
  }
}
