package io.tagway.lookup;

import io.tagway.batch.MissFailure;
import io.tagway.cache.TagSet;
import java.util.List;

/**
 * The answer to one lookup: for each requested account, in request order, its tags and where they
 * came from, or why there are none. Filled by {@link LookupService} on the caller's context.
 */
public final class LookupResult {

  private final List<String> accounts;
  private final TagSet[] tags;
  private final Tier[] tiers;
  private final MissFailure[] failures;

  LookupResult(List<String> accounts) {
    this.accounts = accounts;
    this.tags = new TagSet[accounts.size()];
    this.tiers = new Tier[accounts.size()];
    this.failures = new MissFailure[accounts.size()];
  }

  /** How many accounts were asked for. */
  public int size() {
    return accounts.size();
  }

  /** The {@code i}-th account. */
  public String account(int i) {
    return accounts.get(i);
  }

  /** Its tags, or null when it failed. */
  public TagSet tags(int i) {
    return tags[i];
  }

  /** Where its tags came from, or null when it failed. */
  public Tier tier(int i) {
    return tiers[i];
  }

  /** Why it failed, or null when it has tags. */
  public MissFailure failure(int i) {
    return failures[i];
  }

  void found(int i, TagSet tagSet, Tier tier) {
    tags[i] = tagSet;
    tiers[i] = tier;
    failures[i] = null;
  }

  void failed(int i, MissFailure failure) {
    tags[i] = null;
    tiers[i] = null;
    failures[i] = failure;
  }
}
