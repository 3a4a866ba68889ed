package io.tagway.emulator;

import io.tagway.upstream.wire.AccountTags;
import io.tagway.upstream.wire.TagLimits;
import io.tagway.upstream.wire.TagRequestParser;
import io.tagway.upstream.wire.TimAnswers;
import io.tagway.upstream.wire.TimFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the body of a tag command into a checked, ready-to-run call: {@link #prepare} parses it
 * and checks every limit (throwing the {@link TimFailure} to answer) without changing anything; the
 * returned supplier then runs the command against the {@link TagStore} and yields the answer body.
 * Running it right after preparing, on the same event-loop turn, keeps the checks valid.
 */
final class TagCalls {

  private final TagStore store;
  private final StatsRecorder stats;

  /** Calls against {@code store}, counting {@code im_get_tag} batches in {@code stats}. */
  TagCalls(TagStore store, StatsRecorder stats) {
    this.store = store;
    this.stats = stats;
  }

  /** Parses and checks {@code body} for {@code command}; the result runs it. */
  Supplier<Buffer> prepare(TagCommand command, Buffer body) {
    JsonObject json = TagRequestParser.object(body);
    return switch (command) {
      case GET_TAG -> prepareGet(TagRequestParser.accounts(json));
      case ADD_TAG -> prepareAdd(TagRequestParser.userTags(json));
      case REMOVE_TAG -> prepareRemove(TagRequestParser.userTags(json));
      case REMOVE_ALL_TAGS -> prepareRemoveAll(TagRequestParser.accounts(json));
    };
  }

  private Supplier<Buffer> prepareGet(List<String> accounts) {
    stats.recordBatch(accounts);
    TagLimits.checkAccountCount(accounts.size());
    return () -> TimAnswers.userTags(store.getTags(accounts));
  }

  private Supplier<Buffer> prepareAdd(List<AccountTags> changes) {
    store.checkAdd(changes);
    return () -> {
      store.addTags(changes);
      return TimAnswers.ok();
    };
  }

  private Supplier<Buffer> prepareRemove(List<AccountTags> changes) {
    TagLimits.checkAccountCount(changes.size());
    return () -> {
      store.removeTags(changes);
      return TimAnswers.ok();
    };
  }

  private Supplier<Buffer> prepareRemoveAll(List<String> accounts) {
    TagLimits.checkAccountCount(accounts.size());
    return () -> {
      store.removeAllTags(accounts);
      return TimAnswers.ok();
    };
  }
}
