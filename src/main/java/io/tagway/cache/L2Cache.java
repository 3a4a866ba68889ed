package io.tagway.cache;

import io.tagway.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The shared L2 cache of account tags in Redis. Thread-safe; one instance serves every event loop.
 *
 * <p>Redis is an optimisation, never a dependency: when it is down, slow or answers an error, reads
 * find nothing and writes do nothing, and every returned future still succeeds. Failures are counted
 * ({@link #errors()}), {@link #healthy()} reflects the latest outcome, and the log gets one line per
 * change between reachable and unreachable. The Vert.x client pools its connections and opens new
 * ones on the next command after Redis comes back, so nothing here reconnects by hand.
 *
 * <p>Concurrent reads from all callers are merged into one {@code MGET} per {@code maxBatch} keys
 * (see {@link L2ReadMerger}). Every future completes on the Vert.x context of its caller when
 * called from one. Accounts that cannot form a key ({@link L2Keys#validAccount}) are never cached:
 * reads miss them, writes skip them.
 */
public final class L2Cache {

  private final Redis redis;
  private final boolean ownsClient;
  private final L2Options options;
  private final L2Health health = new L2Health();
  private final L2ReadMerger reads;
  private volatile boolean closed;

  /** A cache over an existing client; the caller keeps ownership of it, {@link #close()} leaves it open. */
  public L2Cache(Vertx vertx, Redis redis, L2Options options) {
    this(vertx, redis, options, false);
  }

  private L2Cache(Vertx vertx, Redis redis, L2Options options, boolean ownsClient) {
    this.redis = redis;
    this.options = options;
    this.ownsClient = ownsClient;
    this.reads = new L2ReadMerger(vertx, options, this::mget, health::rejectedRead);
  }

  /** A cache with its own client for {@code redis://...}; see {@link #redisOptions}. */
  public static L2Cache create(Vertx vertx, String url, L2Options options) {
    return create(vertx, redisOptions(url, options), options);
  }

  /** A cache with its own client, closed by {@link #close()}. */
  public static L2Cache create(Vertx vertx, RedisOptions redisOptions, L2Options options) {
    return new L2Cache(vertx, Redis.createClient(vertx, redisOptions), options, true);
  }

  /**
   * Client options fit for L2: a small pool (8 connections, 256 waiting commands, 1024 pipelined
   * commands per connection, so every queue is bounded) and a connect timeout of the command
   * timeout, at least one second.
   */
  public static RedisOptions redisOptions(String url, L2Options options) {
    RedisOptions redisOptions = new RedisOptions()
        .setConnectionString(url)
        .setMaxPoolSize(8)
        .setMaxPoolWaiting(256)
        .setMaxWaitingHandlers(1024);
    redisOptions.getNetClientOptions()
        .setConnectTimeout((int) Math.max(1000, Math.min(60_000, options.commandTimeout().toMillis())))
        .setTcpNoDelay(true)
        .setTcpKeepAlive(true);
    return redisOptions;
  }

  /** The entries found for these accounts; a missing account is a miss. Never fails. */
  public Future<Map<String, L2Entry>> getAll(List<String> accounts) {
    if (closed) {
      return Future.succeededFuture(Map.of());
    }
    List<String> cacheable = new ArrayList<>(accounts.size());
    for (String account : accounts) {
      if (L2Keys.validAccount(account)) {
        cacheable.add(account);
      }
    }
    return reads.read(cacheable);
  }

  /**
   * Stores the entries of an upstream fetch, each with its TTL, in pipelined batches; an entry is
   * skipped by Redis itself when its account was invalidated at or after {@code fillSequence}.
   * Never fails.
   */
  public Future<Void> putAll(Map<String, L2Entry> entries, long fillSequence) {
    List<Map.Entry<String, L2Entry>> cacheable = new ArrayList<>(entries.size());
    entries.forEach((account, entry) -> {
      if (L2Keys.validAccount(account)) {
        cacheable.add(Map.entry(account, entry));
      }
    });
    String sequence = Long.toString(fillSequence);
    List<Future<?>> batches = new ArrayList<>();
    for (int from = 0; from < cacheable.size(); from += options.maxBatch()) {
      List<Map.Entry<String, L2Entry>> chunk = cacheable.subList(from, Math.min(cacheable.size(), from + options.maxBatch()));
      batches.add(scripts(bySource -> {
        List<Request> fills = new ArrayList<>(chunk.size());
        for (Map.Entry<String, L2Entry> e : chunk) {
          fills.add(L2Scripts.FILL.call(bySource, List.of(key(e.getKey()), invalidationKey(e.getKey())),
              L2Codec.encode(e.getValue()), Long.toString(ttlMillis(e.getValue())), sequence));
        }
        return fills;
      }).otherwiseEmpty());
    }
    return CallerContext.follow(Future.all(batches).mapEmpty());
  }

  /**
   * Invalidates accounts: records {@code sequence} as each one's latest invalidation for
   * {@code horizon} (so fills of older fetches are refused) and deletes its data. Unlike the other
   * writes this fails when Redis cannot be reached, because the caller must not acknowledge it.
   */
  public Future<Void> invalidate(List<String> accounts, long sequence, java.time.Duration horizon) {
    List<String> cacheable = accounts.stream().filter(L2Keys::validAccount).toList();
    String seq = Long.toString(sequence);
    String ttl = Long.toString(Math.max(1, horizon.toMillis()));
    List<Future<?>> batches = new ArrayList<>();
    for (int from = 0; from < cacheable.size(); from += options.maxBatch()) {
      List<String> chunk = cacheable.subList(from, Math.min(cacheable.size(), from + options.maxBatch()));
      batches.add(scripts(bySource -> chunk.stream()
          .map(account -> L2Scripts.INVALIDATE.call(bySource, List.of(key(account), invalidationKey(account)), seq, ttl))
          .toList()));
    }
    return CallerContext.follow(Future.all(batches).mapEmpty());
  }

  /** Removes these accounts' entries. Never fails. */
  public Future<Void> delete(List<String> accounts) {
    List<String> keys = new ArrayList<>(accounts.size());
    for (String account : accounts) {
      if (L2Keys.validAccount(account)) {
        keys.add(key(account));
      }
    }
    List<Future<?>> deletes = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += options.maxBatch()) {
      Request del = Request.cmd(Command.DEL);
      keys.subList(from, Math.min(keys.size(), from + options.maxBatch())).forEach(del::arg);
      deletes.add(send(del).otherwiseEmpty());
    }
    return CallerContext.follow(Future.all(deletes).mapEmpty());
  }

  /** Sends a {@code PING}, so that {@link #healthy()} follows Redis even while no lookup reaches it. Never fails. */
  public Future<Void> ping() {
    return send(Request.cmd(Command.PING)).<Void>mapEmpty().otherwiseEmpty();
  }

  /** True when the latest Redis command succeeded (and before the first one). */
  public boolean healthy() {
    return health.healthy();
  }

  /** Redis commands or batches that failed: unreachable, timed out, or answered an error. */
  public long errors() {
    return health.errors();
  }

  /** Stored values that could not be read and were treated as misses. */
  public long corruptValues() {
    return health.corruptValues();
  }

  /** Keys of reads waiting to be merged into an MGET. */
  int pendingReadKeys() {
    return reads.pendingKeys();
  }

  /** Reads answered as all-miss at once because too many keys were already waiting. */
  public long rejectedReads() {
    return health.rejectedReads();
  }

  /** Stops serving (reads miss, writes do nothing) and closes the client if this cache created it. */
  public Future<Void> close() {
    closed = true;
    return ownsClient ? redis.close() : Future.succeededFuture();
  }

  private String key(String account) {
    return L2Keys.key(options.sdkAppId(), account);
  }

  private String invalidationKey(String account) {
    return L2Keys.invalidationKey(options.sdkAppId(), account);
  }

  /** A pipelined batch of script calls with the time limit; its failure is recorded and returned. */
  private Future<List<Response>> scripts(java.util.function.Function<Boolean, List<Request>> build) {
    if (closed) {
      return Future.failedFuture("L2 cache closed");
    }
    return record(LuaScript.send(requests -> guard(() -> pipeline(requests)), build));
  }

  /**
   * Sends the requests one by one, pipelined on one connection, and answers their replies in
   * order once all are in. Not {@code Redis.batch}: on Cluster it refuses a batch whose keys lie in
   * different hash slots, while a cluster connection routes each request to its own slot's master.
   */
  private Future<List<Response>> pipeline(List<Request> requests) {
    return redis.connect().compose(connection -> {
      List<Future<Response>> replies = new ArrayList<>(requests.size());
      for (Request request : requests) {
        replies.add(connection.send(request));
      }
      return Future.join(replies).<List<Response>>map(all -> all.list()).eventually(connection::close);
    });
  }

  private long ttlMillis(L2Entry entry) {
    long base = (entry.negative() ? options.negativeTtl() : options.ttl()).toMillis();
    long cut = (long) (base * options.jitter() * ThreadLocalRandom.current().nextDouble());
    return Math.max(1, base - cut);
  }

  private Future<Map<String, L2Entry>> mget(List<String> accounts) {
    Request request = Request.cmd(Command.MGET);
    accounts.forEach(account -> request.arg(key(account)));
    return send(request)
        .map(values -> decode(accounts, values))
        .otherwise(Map.of());
  }

  private Map<String, L2Entry> decode(List<String> accounts, Response values) {
    Map<String, L2Entry> found = new HashMap<>();
    for (int i = 0; i < accounts.size(); i++) {
      Response value = values.get(i);
      if (value == null) {
        continue;
      }
      L2Entry entry = L2Codec.decode(value.toString());
      if (entry == null) {
        health.corruptValue();
      } else {
        found.put(accounts.get(i), entry);
      }
    }
    return found;
  }

  /** One command with the time limit; its failure is recorded and returned as a failed future. */
  private Future<Response> send(Request request) {
    if (closed) {
      return Future.failedFuture("L2 cache closed");
    }
    return record(guard(() -> redis.send(request)));
  }

  /** A pipelined batch; a failure is recorded and swallowed. */
  private Future<Void> batch(List<Request> requests) {
    if (closed) {
      return Future.succeededFuture();
    }
    return record(guard(() -> redis.batch(requests))).<Void>mapEmpty().otherwiseEmpty();
  }

  private <T> Future<T> record(Future<T> outcome) {
    return outcome
        .timeout(options.commandTimeout())
        .onSuccess(ignored -> health.succeeded())
        .onFailure(health::failed);
  }

  private static <T> Future<T> guard(Supplier<Future<T>> command) {
    try {
      return command.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
