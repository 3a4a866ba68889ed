package io.tagway.bench;

import io.tagway.upstream.UserSigSigner;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The suite's load generator, for what wrk does not do well: POSTed batches, cold accounts that
 * never repeat, latency at a fixed offered rate, and one request at a time. It runs as its own
 * process and prints one JSON object on stdout.
 *
 * <p>Open loop ({@code --rate R}): the event loops send request {@code i} at its intended time
 * {@code t0 + i/R}, never before, and its latency is counted from that intended time, not from when
 * it could actually leave. A server that stalls is charged for every request it held up, however
 * long the client's connections were busy (no coordinated omission). Closed loop
 * ({@code --concurrency C} without a rate): C lanes each send the next request once the previous
 * answer is in; latency from the send. That mode measures peak throughput.
 *
 * <p>Accounts are {@code u<first>} to {@code u<first+count-1>}: cycled, or with {@code --distinct}
 * each used once (cold accounts). Modes: {@code get} ({@code GET /v1/users/{a}/tags}),
 * {@code lookup} ({@code POST /v1/tags/lookup} with {@code --batch} accounts) and {@code emulator}
 * (a signed {@code im_get_tag} straight to the emulator, to measure its own latency).
 *
 * <p>Requests go out through {@link LeanHttpClient}: prepared bytes over kept-alive connections, one
 * request at a time on each, so that the generator spends little of the machine's CPU. With
 * {@code --preconnect N}, N of the connections are opened before the clock starts.
 *
 * <p>The result goes to {@code --out FILE}, or to standard output without it (where the product's
 * logging may write too).
 */
public final class LoadGen {

  private enum Mode { GET, LOOKUP, EMULATOR }

  private static final String DEMO_KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

  private final String label;
  private final Mode mode;
  private final String host;
  private final int port;
  private final long first;
  private final long count;
  private final boolean distinct;
  private final int batch;
  private final double rate;
  private final int concurrency;
  private final int connections;
  private final int preconnect;
  private final double warmupSeconds;
  private final double durationSeconds;
  private final long warmupRequests;
  private final long requests;
  private final double drainSeconds;
  private final int parseEvery;
  private final int threads;
  private final String emulatorQuery;
  private final String out;

  private final AtomicLong nextAccount = new AtomicLong();
  /** Set once the drain is over: requests still queued on an event loop are then dropped. */
  private volatile boolean closing;
  private final AtomicLong exhausted = new AtomicLong();
  private final String authority;
  /** The request when every request is the same (one account cycled, or one fixed batch). */
  private final Buffer fixedRequest;
  private final LoadStats stats = new LoadStats();

  private LoadGen(Args args) {
    label = args.string("label", "");
    mode = Mode.valueOf(args.string("mode", "get").toUpperCase(Locale.ROOT));
    URI url = URI.create(args.required("url"));
    host = url.getHost();
    port = url.getPort();
    first = args.longValue("first", 0);
    count = args.longValue("count", 1);
    distinct = args.flag("distinct");
    batch = mode == Mode.GET ? 1 : args.intValue("batch", 100);
    rate = args.doubleValue("rate", 0);
    concurrency = args.intValue("concurrency", 64);
    connections = args.intValue("connections", rate > 0 ? 64 : concurrency);
    preconnect = Math.min(connections, args.intValue("preconnect", 0));
    warmupSeconds = args.doubleValue("warmup", 0);
    durationSeconds = args.doubleValue("duration", 10);
    warmupRequests = args.longValue("warmup-requests", 0);
    requests = args.longValue("requests", 0);
    drainSeconds = args.doubleValue("drain", 10);
    parseEvery = args.intValue("parse-every", 1);
    threads = args.intValue("threads", 1);
    out = args.string("out", null);
    if (mode == Mode.EMULATOR) {
      long sdkAppId = args.longValue("sdk-app-id", 1_400_000_000L);
      String identifier = args.string("identifier", "administrator");
      String key = args.string("secret-key", DEMO_KEY);
      String userSig = new UserSigSigner(key).sign(sdkAppId, identifier, System.currentTimeMillis() / 1000, 86_400);
      emulatorQuery = "/v4/all_member_push/im_get_tag?sdkappid=" + sdkAppId
          + "&identifier=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8)
          + "&usersig=" + URLEncoder.encode(userSig, StandardCharsets.UTF_8)
          + "&contenttype=json&random=";
    } else {
      emulatorQuery = null;
    }
    if (count < batch && distinct) {
      throw new IllegalArgumentException("--count must hold at least one batch of distinct accounts");
    }
    authority = host + ":" + port;
    fixedRequest = !distinct && count == batch && mode != Mode.EMULATOR ? request(nextAccounts()) : null;
    nextAccount.set(0);
  }

  public static void main(String[] argv) throws Exception {
    LoadGen gen;
    try {
      Args args = new Args(argv);
      gen = new LoadGen(args);
      args.checkAllUsed();
    } catch (IllegalArgumentException e) {
      System.err.println("loadgen: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      String result = gen.run().encode();
      if (gen.out == null) {
        System.out.println(result);
      } else {
        Files.writeString(Path.of(gen.out), result + "\n");
      }
      System.exit(0);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  private JsonObject run() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads).setPreferNativeTransport(true));
    Worker[] workers = new Worker[threads];
    int perWorker = Math.max(1, connections / threads);
    for (int i = 0; i < threads; i++) {
      // From a non-Vert.x thread each call makes a new event-loop context, round robin over the loops.
      workers[i] = new Worker(vertx.getOrCreateContext(), new LeanHttpClient(vertx, host, port, perWorker));
    }
    if (preconnect > 0) {
      List<Future<Void>> opened = new ArrayList<>();
      for (Worker worker : workers) {
        Promise<Void> done = Promise.promise();
        worker.context.runOnContext(v -> worker.client.preconnect(preconnect / threads).onComplete(done));
        opened.add(done.future());
      }
      Future.join(opened).await(60, TimeUnit.SECONDS);
    }
    long[] window = rate > 0 ? openLoop(workers) : closedLoop(workers);
    long drainUntil = System.nanoTime() + (long) (drainSeconds * 1e9);
    while (stats.inFlight() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(5);
    }
    stats.freeze();
    closing = true;
    vertx.close().await(10, TimeUnit.SECONDS);
    Thread.sleep(20); // a callback that passed the freeze check just before it finishes recording
    return stats.toJson(window[0], window[1], rate <= 0 && requests == 0)
        .put("label", label)
        .put("mode", mode.name().toLowerCase(Locale.ROOT))
        .put("openLoop", rate > 0)
        .put("offeredRate", rate)
        .put("concurrency", rate > 0 ? 0 : concurrency)
        .put("connections", connections)
        .put("threads", threads)
        .put("batch", batch)
        .put("warmupS", warmupSeconds)
        .put("durationS", durationSeconds)
        .put("accountsExhausted", exhausted.get());
  }

  /**
   * Paces requests at the rate; returns the measured window [start, end) in nanoTime. Each event
   * loop sends its share (request {@code i} goes to loop {@code i mod threads}) itself, woken by
   * Netty's timers for the next intended time: a separate pacing thread, which this replaced, woke
   * late by tens of microseconds (parkNanos) and then had to wake the event loop, and that was
   * charged to the server as latency (at S7's rate against nginx: p50 0.11 ms with it, 0.07 without;
   * p99 1.6 to 3.9 ms with it, 0.7 to 1.2 without).
   */
  private long[] openLoop(Worker[] workers) throws InterruptedException {
    long warmupCount = (long) (warmupSeconds * rate);
    Schedule schedule = new Schedule(System.nanoTime() + 50_000_000L, 1e9 / rate, warmupCount,
        warmupCount + (long) (durationSeconds * rate));
    CountDownLatch paced = new CountDownLatch(workers.length);
    for (int k = 0; k < workers.length; k++) {
      Pacer pacer = new Pacer(workers[k], k, workers.length, schedule, paced);
      workers[k].context.runOnContext(v -> pacer.tick());
    }
    paced.await();
    return new long[] {schedule.intended(warmupCount), schedule.intended(schedule.total())};
  }

  /** Request {@code i} is due at {@code t0 + i * period}; the first {@code warmupCount} are not measured. */
  private record Schedule(long t0, double period, long warmupCount, long total) {
    long intended(long request) {
      return t0 + (long) (request * period);
    }
  }

  /**
   * Sends requests {@code first, first + stride, ...} of an open loop at their intended times, on
   * one event loop.
   */
  private final class Pacer {

    /** The shortest timer: sooner than this, the next request is as good as due. */
    private static final long MIN_DELAY_NANOS = 1_000;

    private final Worker worker;
    private final int stride;
    private final Schedule schedule;
    private final CountDownLatch done;
    private long next;

    Pacer(Worker worker, int first, int stride, Schedule schedule, CountDownLatch done) {
      this.worker = worker;
      this.next = first;
      this.stride = stride;
      this.schedule = schedule;
      this.done = done;
    }

    /** Sends every request that is due (none early), then sleeps until the next one is. */
    void tick() {
      long now = System.nanoTime();
      while (next < schedule.total() && schedule.intended(next) - now <= 0) {
        worker.send(schedule.intended(next), next >= schedule.warmupCount(), NOTHING);
        next += stride;
      }
      if (next >= schedule.total() || closing) {
        done.countDown();
        return;
      }
      long delay = Math.max(MIN_DELAY_NANOS, schedule.intended(next) - System.nanoTime());
      worker.context.owner().timer(delay, TimeUnit.NANOSECONDS).onComplete(fired -> tick());
    }
  }

  /** Runs the lanes until the duration or the request count is reached; returns the measured window. */
  private long[] closedLoop(Worker[] workers) throws InterruptedException {
    long start = System.nanoTime();
    long measureStart = requests > 0 ? start : start + (long) (warmupSeconds * 1e9);
    long end = requests > 0 ? Long.MAX_VALUE : measureStart + (long) (durationSeconds * 1e9);
    AtomicLong tickets = new AtomicLong();
    long totalTickets = requests > 0 ? warmupRequests + requests : Long.MAX_VALUE;
    CountDownLatch lanesDone = new CountDownLatch(concurrency);
    for (int lane = 0; lane < concurrency; lane++) {
      Worker worker = workers[lane % workers.length];
      worker.context.runOnContext(v -> new Lane(worker, tickets, totalTickets, measureStart, end, lanesDone).next());
    }
    lanesDone.await();
    return new long[] {measureStart, requests > 0 ? System.nanoTime() : end};
  }

  private static final Runnable NOTHING = () -> { };

  /** One closed-loop client: the next request leaves when the previous answer is in. */
  private final class Lane {

    private final Worker worker;
    private final AtomicLong tickets;
    private final long totalTickets;
    private final long measureStart;
    private final long end;
    private final CountDownLatch done;
    private final Runnable next = this::next;

    Lane(Worker worker, AtomicLong tickets, long totalTickets, long measureStart, long end, CountDownLatch done) {
      this.worker = worker;
      this.tickets = tickets;
      this.totalTickets = totalTickets;
      this.measureStart = measureStart;
      this.end = end;
      this.done = done;
    }

    void next() {
      long now = System.nanoTime();
      long ticket = tickets.getAndIncrement();
      if (closing || now - end >= 0 || ticket >= totalTickets) {
        done.countDown();
        return;
      }
      boolean measured = requests > 0 ? ticket >= warmupRequests : now - measureStart >= 0;
      worker.send(now, measured, next);
    }
  }

  /** One event loop and its connections. */
  private final class Worker {

    final Context context;
    final LeanHttpClient client;

    Worker(Context context, LeanHttpClient client) {
      this.context = context;
      this.client = client;
    }

    /** Sends one request on this worker's event loop; runs {@code then} once it was answered or failed. */
    void send(long intended, boolean measured, Runnable then) {
      if (closing) {
        return;
      }
      long[] accounts = nextAccounts();
      if (accounts == null) {
        exhausted.incrementAndGet();
        then.run();
        return;
      }
      long sequence = stats.started(measured, accounts.length);
      client.send(fixedRequest != null ? fixedRequest : request(accounts), new LeanHttpClient.Answer() {
        @Override
        public void answered(int status, Buffer body) {
          if (measured) {
            record(status, body, accounts.length, System.nanoTime() - intended, sequence);
          }
          stats.finished();
          then.run();
        }

        @Override
        public void failed(Throwable failure) {
          if (measured) {
            stats.transportError(failure);
          }
          stats.finished();
          then.run();
        }
      });
    }
  }

  /** The complete HTTP/1.1 request for these accounts. */
  private Buffer request(long[] accounts) {
    return switch (mode) {
      case GET -> Buffer.buffer("GET /v1/users/u" + accounts[0] + "/tags HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
      case LOOKUP -> post("/v1/tags/lookup", body(accounts));
      case EMULATOR -> post(emulatorQuery + ThreadLocalRandom.current().nextLong(1L << 32), emulatorBody(accounts));
    };
  }

  private Buffer post(String uri, Buffer body) {
    return Buffer.buffer("POST " + uri + " HTTP/1.1\r\nHost: " + authority
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n")
        .appendBuffer(body);
  }

  private void record(int status, Buffer answer, int accounts, long latencyNanos, long sequence) {
    stats.status(status, latencyNanos);
    switch (mode) {
      case GET -> {
        if (status == 200) {
          stats.accounts(1, 0);
        } else {
          stats.accounts(0, 1);
          stats.code(status + ":" + errorCode(answer));
        }
      }
      case LOOKUP -> {
        if (status != 200) {
          stats.accounts(0, accounts);
          stats.code(status + ":" + errorCode(answer));
        } else if (parseEvery > 0 && sequence % parseEvery == 0) {
          JsonObject json = answer.toJsonObject();
          JsonArray errors = json.getJsonArray("errors");
          stats.accounts(json.getJsonArray("results").size(), errors.size());
          for (int i = 0; i < errors.size(); i++) {
            stats.code("200:" + errors.getJsonObject(i).getString("code"));
          }
        } else {
          stats.accounts(accounts, 0);
        }
      }
      case EMULATOR -> {
        JsonObject json = status == 200 ? answer.toJsonObject() : null;
        if (json != null && json.getInteger("ErrorCode", -1) == 0) {
          stats.accounts(json.getJsonArray("UserTags").size(), 0);
        } else {
          stats.accounts(0, accounts);
          stats.code(status + ":" + (json == null ? "" : json.getValue("ErrorCode")));
        }
      }
    }
  }

  private static String errorCode(Buffer answer) {
    try {
      return answer.toJsonObject().getJsonObject("error").getString("code");
    } catch (RuntimeException e) {
      return "?";
    }
  }

  /** The next request's account indexes, or null when distinct accounts ran out. */
  private long[] nextAccounts() {
    long[] accounts = new long[batch];
    long start = nextAccount.getAndAdd(batch);
    for (int i = 0; i < batch; i++) {
      long k = start + i;
      if (distinct && k >= count) {
        return null;
      }
      accounts[i] = first + k % count;
    }
    return accounts;
  }

  private static Buffer body(long[] accounts) {
    StringBuilder json = new StringBuilder(16 + accounts.length * 12).append("{\"accounts\":[");
    appendAccounts(json, accounts);
    return Buffer.buffer(json.append("]}").toString());
  }

  private static Buffer emulatorBody(long[] accounts) {
    StringBuilder json = new StringBuilder(16 + accounts.length * 12).append("{\"To_Account\":[");
    appendAccounts(json, accounts);
    return Buffer.buffer(json.append("]}").toString());
  }

  private static void appendAccounts(StringBuilder json, long[] accounts) {
    for (int i = 0; i < accounts.length; i++) {
      json.append(i == 0 ? "\"u" : ",\"u").append(accounts[i]).append('"');
    }
  }
}
