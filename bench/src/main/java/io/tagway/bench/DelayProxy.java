package io.tagway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy that delays every byte by half a given round trip in each direction, in order: a
 * distant Redis for experiments ({@code REDIS_RTT_MS} in bench/run.sh), where tc's netem is not to
 * be had.
 *
 * <p>{@code DelayProxy --port N --to-port N [--to-host H] --rtt-ms N}. Each direction holds at
 * most {@value #MAX_PENDING_BYTES} bytes in waiting; past that it stops reading its source.
 */
public final class DelayProxy {

  private static final int MAX_PENDING_BYTES = 8 << 20;

  private DelayProxy() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int port = args.intValue("port", 0);
    String toHost = args.string("to-host", "127.0.0.1");
    int toPort = args.intValue("to-port", 0);
    long rttMs = args.longValue("rtt-ms", 0);
    args.checkAllUsed();
    if (port <= 0 || toPort <= 0 || rttMs < 0) {
      throw new IllegalArgumentException("--port and --to-port are required, --rtt-ms must not be negative");
    }
    long oneWayNanos = TimeUnit.MILLISECONDS.toNanos(rttMs) / 2;
    Vertx vertx = Vertx.vertx();
    var client = vertx.createNetClient();
    vertx.createNetServer()
        .connectHandler(inbound -> {
          inbound.pause();
          client.connect(toPort, toHost).onComplete(ar -> {
            if (ar.failed()) {
              inbound.close();
              return;
            }
            NetSocket outbound = ar.result();
            new Direction(vertx, inbound, outbound, oneWayNanos).start();
            new Direction(vertx, outbound, inbound, oneWayNanos).start();
          });
        })
        .listen(port, "127.0.0.1")
        .await(30, TimeUnit.SECONDS);
    System.out.println("delay proxy on 127.0.0.1:" + port + " to " + toHost + ":" + toPort + ", "
        + rttMs + " ms added to each round trip");
  }

  /** One direction of a proxied connection: bytes leave {@code oneWayNanos} after they arrived. */
  private static final class Direction {
    private record Chunk(long dueAt, Buffer data) {}

    private final Vertx vertx;
    private final NetSocket from;
    private final NetSocket to;
    private final long delayNanos;
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean timerSet;
    private boolean ended;
    private boolean endSent;

    Direction(Vertx vertx, NetSocket from, NetSocket to, long delayNanos) {
      this.vertx = vertx;
      this.from = from;
      this.to = to;
      this.delayNanos = delayNanos;
    }

    void start() {
      from.handler(data -> {
        pending.addLast(new Chunk(System.nanoTime() + delayNanos, data));
        pendingBytes += data.length();
        if (pendingBytes > MAX_PENDING_BYTES) {
          from.pause();
        }
        flush();
      });
      from.endHandler(v -> {
        ended = true;
        flush();
      });
      from.exceptionHandler(e -> to.close());
      to.closeHandler(v -> from.close());
      to.drainHandler(v -> flush());
      from.resume();
    }

    private void flush() {
      long now = System.nanoTime();
      Chunk head;
      while ((head = pending.peekFirst()) != null && head.dueAt - now <= 0 && !to.writeQueueFull()) {
        pending.pollFirst();
        to.write(head.data);
        pendingBytes -= head.data.length();
      }
      if (pendingBytes <= MAX_PENDING_BYTES / 2) {
        from.resume();
      }
      if (head == null) {
        if (ended && !endSent) {
          endSent = true;
          to.end();
        }
      } else if (!timerSet && head.dueAt - now > 0) {
        timerSet = true;
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(head.dueAt - now + 999_999));
        vertx.setTimer(ms, id -> {
          timerSet = false;
          flush();
        });
      }
    }
  }
}
