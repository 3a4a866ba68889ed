package io.tagway.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries invalidations to every instance sharing a Redis, over pub/sub on a dedicated connection.
 *
 * <p>{@link #publish} sends {@code {"id","from","seq","accounts"}} and completes once every other
 * subscribed instance has applied it and said so on the acknowledgement channel (Redis's answer
 * to PUBLISH says how many subscribers there are), or after the acknowledgement timeout. An
 * instance applies the invalidations of others through {@link Listener#invalidated}. After its
 * subscription was lost it may have missed some, so on every re-subscription it calls
 * {@link Listener#resubscribed} (which drops L1). Fills never broadcast.
 *
 * <p>All state lives on one Vert.x context; callers on other threads hop onto it and their
 * futures complete back on their own context.
 */
public final class InvalidationBus {

  /** What the bus tells its instance. */
  public interface Listener {

    /** Another instance invalidated these accounts at {@code sequence}; apply it before returning. */
    void invalidated(List<String> accounts, long sequence);

    /** The subscription was (re-)established; messages may have been missed meanwhile. */
    void resubscribed();
  }

  private static final Logger LOG = LoggerFactory.getLogger(InvalidationBus.class);
  private static final long MAX_RECONNECT_DELAY = 2_000;

  private final Vertx vertx;
  private final Context context;
  private final Redis publisher;
  private final Supplier<Future<RedisConnection>> subscriber;
  private final String channel;
  private final String ackChannel;
  private final Listener listener;
  private final Duration ackTimeout;
  private final Duration timeout;
  private final String instance = UUID.randomUUID().toString();
  private final Map<String, PendingAck> pending = new HashMap<>();
  private RedisConnection connection;
  private long reconnectDelay = 250;
  private long counter;
  private boolean closed;
  private boolean subscribedBefore;
  private volatile boolean subscribed;

  /**
   * A pending publish. Acknowledgements may arrive before PUBLISH's own answer (they come over
   * another connection), so they are counted from zero, and the publish completes only once that
   * answer has said how many to expect and at least that many came.
   */
  private static final class PendingAck {
    final Promise<Void> promise;
    int acknowledged;
    int expected = -1;
    long timer = -1;

    PendingAck(Promise<Void> promise) {
      this.promise = promise;
    }

    boolean complete() {
      return expected >= 0 && acknowledged >= expected;
    }
  }

  /**
   * @param publisher a client for PUBLISH on the node the subscriber connects to; closed with the bus
   * @param subscriber opens the dedicated subscriber connection
   * @param ackTimeout how long a publish waits for the other instances
   * @param timeout how long one Redis round trip may take
   */
  public InvalidationBus(Context context, Redis publisher, Supplier<Future<RedisConnection>> subscriber, long sdkAppId,
      Listener listener, Duration ackTimeout, Duration timeout) {
    this.vertx = context.owner();
    this.context = context;
    this.publisher = publisher;
    this.subscriber = subscriber;
    this.channel = "tw:" + sdkAppId + ":invalidations";
    this.ackChannel = channel + ":acks";
    this.listener = listener;
    this.ackTimeout = ackTimeout;
    this.timeout = timeout;
  }

  /** Subscribes; keeps trying in the background when Redis cannot be reached now. */
  public Future<Void> start() {
    return onContext(() -> subscribe().recover(failure -> {
      LOG.warn("Cannot subscribe to invalidations yet ({}); retrying", failure.getClass().getSimpleName());
      scheduleReconnect();
      return Future.succeededFuture();
    }));
  }

  /** True while subscribed. */
  public boolean subscribed() {
    return subscribed;
  }

  /** Tells the other instances; completes when they confirmed (or the acknowledgement timeout passed). */
  public Future<Void> publish(List<String> accounts, long sequence) {
    return onContext(() -> publishHere(accounts, sequence));
  }

  private Future<Void> publishHere(List<String> accounts, long sequence) {
    String id = instance + ":" + (++counter);
    String message = new JsonObject().put("id", id).put("from", instance).put("seq", sequence)
        .put("accounts", new JsonArray(List.copyOf(accounts))).encode();
    Promise<Void> acknowledged = Promise.promise();
    PendingAck ack = new PendingAck(acknowledged);
    pending.put(id, ack);
    send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).onComplete(ar -> runHere(() -> {
      if (ar.failed()) {
        pending.remove(id);
        acknowledged.fail(ar.cause());
        return;
      }
      // The receivers include this instance, which applied the invalidation before publishing.
      ack.expected = Math.max(0, ar.result().toInteger() - (subscribed ? 1 : 0));
      if (ack.complete()) {
        pending.remove(id);
        acknowledged.tryComplete();
      } else {
        ack.timer = vertx.setTimer(ackTimeout.toMillis(), t -> {
          if (pending.remove(id) != null) {
            LOG.warn("{} instance(s) did not confirm an invalidation within {} ms", ack.expected - ack.acknowledged,
                ackTimeout.toMillis());
            acknowledged.tryComplete();
          }
        });
      }
    }));
    return acknowledged.future();
  }

  /** Unsubscribes, stops reconnecting and closes the publisher. */
  public Future<Void> close() {
    return onContext(() -> {
      closed = true;
      subscribed = false;
      Future<Void> unsubscribed = connection == null ? Future.succeededFuture() : connection.close();
      return unsubscribed.eventually(publisher::close);
    });
  }

  /** Runs {@code action} on the bus's context: now when already there, otherwise as a task there. */
  private void runHere(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Runs {@code action} on the bus's context; the result completes on the caller's context. */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Context caller = Vertx.currentContext();
    if (caller == context) {
      return action.get();
    }
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(ar -> {
      if (caller == null) {
        result.handle(ar);
      } else {
        caller.runOnContext(done -> result.handle(ar));
      }
    }));
    return result.future();
  }

  private Future<Void> subscribe() {
    return subscriber.get().compose(conn -> {
      connection = conn;
      conn.handler(this::onMessage);
      conn.exceptionHandler(failure -> lost(conn, failure.getClass().getSimpleName()));
      conn.endHandler(end -> lost(conn, "connection closed"));
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel).arg(ackChannel)).timeout(timeout)
          .onFailure(failure -> conn.close());
    }).map(subscribedReply -> {
      boolean again = subscribedBefore;
      subscribed = true;
      subscribedBefore = true;
      reconnectDelay = 250;
      listener.resubscribed();
      if (again) {
        LOG.info("Invalidation bus subscribed again; L1 dropped, since messages may have been missed");
      }
      return null;
    });
  }

  private void lost(RedisConnection conn, String why) {
    if (conn != connection || closed) {
      return;
    }
    boolean wasSubscribed = subscribed;
    subscribed = false;
    connection = null;
    conn.close();
    if (wasSubscribed) {
      LOG.warn("Invalidation bus lost its subscription ({}); reconnecting", why);
    }
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (closed) {
      return;
    }
    long delay = reconnectDelay;
    reconnectDelay = Math.min(MAX_RECONNECT_DELAY, reconnectDelay * 2);
    vertx.setTimer(delay, t -> {
      if (!closed && !subscribed) {
        subscribe().onFailure(failure -> scheduleReconnect());
      }
    });
  }

  private void onMessage(Response push) {
    // A message arrives as ["message", channel, payload] (RESP2 array or RESP3 push).
    if (push == null || push.size() < 3 || !"message".equals(push.get(0).toString())) {
      return;
    }
    String from = push.get(1).toString();
    String payload = push.get(2).toString();
    try {
      if (from.equals(ackChannel)) {
        PendingAck ack = pending.get(payload);
        if (ack != null) {
          ack.acknowledged++;
          if (ack.complete()) {
            pending.remove(payload);
            vertx.cancelTimer(ack.timer);
            ack.promise.tryComplete();
          }
        }
      } else if (from.equals(channel)) {
        JsonObject message = new JsonObject(payload);
        if (instance.equals(message.getString("from"))) {
          return;
        }
        List<String> accounts = message.getJsonArray("accounts").stream().map(Object::toString).toList();
        listener.invalidated(accounts, message.getLong("seq"));
        send(Request.cmd(Command.PUBLISH).arg(ackChannel).arg(message.getString("id")));
      }
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a malformed invalidation message ({})", e.getClass().getSimpleName());
    }
  }

  private Future<Response> send(Request request) {
    try {
      return publisher.send(request).timeout(timeout);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
