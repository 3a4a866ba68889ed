package io.tagway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal HTTP/1.1 client for the load generator, over a Vert.x {@link NetClient}: requests are
 * bytes prepared by the caller, connections are kept alive and used one request at a time (no
 * pipelining), answers must carry a {@code Content-Length}. It exists because Vert.x's full HTTP
 * client costs several times what the servers under test spend per request, and on a 2-core
 * machine the load generator's CPU is taken from the server.
 *
 * <p>Confined to one event loop: every method must be called on the same context. Requests beyond
 * the open connections wait in a queue, and their wait counts in the caller's latency.
 */
final class LeanHttpClient {

  /** What became of one request. */
  interface Answer {

    /** The status code and the body (a copy the callee may keep). */
    void answered(int status, Buffer body);

    /** The connection failed or closed before the answer was complete. */
    void failed(Throwable failure);
  }

  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

  private final NetClient net;
  private final String host;
  private final int port;
  private final int maxConnections;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private int open;
  private boolean closed;

  private record Pending(Buffer request, Answer answer) {}

  LeanHttpClient(Vertx vertx, String host, int port, int maxConnections) {
    this.net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000));
    this.host = host;
    this.port = port;
    this.maxConnections = maxConnections;
  }

  /** Sends {@code request} (a complete HTTP/1.1 request) on an idle connection, or when one frees up. */
  void send(Buffer request, Answer answer) {
    if (closed) {
      answer.failed(new IOException("client closed"));
      return;
    }
    Connection connection = idle.pollLast();
    if (connection != null) {
      connection.send(request, answer);
      return;
    }
    waiting.addLast(new Pending(request, answer));
    if (open < maxConnections) {
      connect();
    }
  }

  /**
   * Opens {@code count} connections (at most the limit) before any request needs them, so that
   * opening them does not fall into the measurement; completes when all are open or failed.
   */
  Future<Void> preconnect(int count) {
    List<Future<NetSocket>> opened = new ArrayList<>();
    for (int i = 0; i < count && open < maxConnections; i++) {
      open++;
      opened.add(net.connect(port, host)
          .onSuccess(socket -> new Connection(socket).ready())
          .onFailure(failure -> open--));
    }
    return Future.join(opened).mapEmpty();
  }

  /** Requests waiting for a connection. */
  int waiting() {
    return waiting.size();
  }

  /** Stops sending; closes the connections. */
  void close() {
    closed = true;
    net.close();
  }

  private void connect() {
    open++;
    net.connect(port, host).onComplete(ar -> {
      if (ar.failed()) {
        open--;
        Pending first = waiting.pollFirst();
        if (first != null) {
          first.answer().failed(ar.cause());
        }
        return;
      }
      new Connection(ar.result()).ready();
    });
  }

  /** One kept-alive connection: idle, or waiting for the answer to one request. */
  private final class Connection {

    private final NetSocket socket;
    private Buffer received = Buffer.buffer(512);
    private Answer answer;
    private int headerEnd = -1;
    private int status;
    private long contentLength;
    private boolean gone;

    Connection(NetSocket socket) {
      this.socket = socket;
      socket.handler(this::received);
      socket.exceptionHandler(failure -> lost(failure));
      socket.closeHandler(v -> lost(new IOException("connection closed by the server")));
    }

    void send(Buffer request, Answer answer) {
      this.answer = answer;
      socket.write(request);
    }

    /** Takes the next waiting request, or becomes idle. */
    void ready() {
      if (gone) {
        return;
      }
      Pending next = waiting.pollFirst();
      if (next != null) {
        send(next.request(), next.answer());
      } else {
        idle.addLast(this);
      }
    }

    private void received(Buffer data) {
      received.appendBuffer(data);
      if (headerEnd < 0) {
        headerEnd = headerEnd(received);
        if (headerEnd < 0) {
          return;
        }
        status = parseStatus(received);
        contentLength = contentLength(received, headerEnd);
        if (contentLength < 0) {
          lost(new IOException("answer without Content-Length"));
          socket.close();
          return;
        }
      }
      long end = headerEnd + contentLength;
      if (received.length() < end) {
        return;
      }
      Buffer body = received.getBuffer(headerEnd, (int) end);
      received = received.length() == end ? Buffer.buffer(512) : received.getBuffer((int) end, received.length());
      headerEnd = -1;
      Answer done = answer;
      answer = null;
      done.answered(status, body);
      ready();
    }

    private void lost(Throwable failure) {
      if (gone) {
        return;
      }
      gone = true;
      open--;
      idle.remove(this);
      if (answer != null) {
        Answer failed = answer;
        answer = null;
        failed.failed(failure);
      }
      if (!closed && !waiting.isEmpty() && open < maxConnections) {
        connect();
      }
    }
  }

  /** The index just past the blank line ending the headers, or -1 when not all received. */
  static int headerEnd(Buffer b) {
    for (int i = 3; i < b.length(); i++) {
      if (b.getByte(i) == '\n' && b.getByte(i - 1) == '\r' && b.getByte(i - 2) == '\n' && b.getByte(i - 3) == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The status code of {@code HTTP/1.1 200 OK}. */
  static int parseStatus(Buffer b) {
    return (b.getByte(9) - '0') * 100 + (b.getByte(10) - '0') * 10 + (b.getByte(11) - '0');
  }

  /** The Content-Length header's value, or -1 without one. */
  static long contentLength(Buffer b, int headerEnd) {
    int lineStart = 0;
    for (int i = 0; i < headerEnd; i++) {
      if (b.getByte(i) == '\n') {
        lineStart = i + 1;
        if (matches(b, lineStart, headerEnd)) {
          long value = 0;
          int j = lineStart + CONTENT_LENGTH.length;
          while (j < headerEnd && b.getByte(j) == ' ') {
            j++;
          }
          while (j < headerEnd && b.getByte(j) >= '0' && b.getByte(j) <= '9') {
            value = value * 10 + (b.getByte(j++) - '0');
          }
          return value;
        }
      }
    }
    return -1;
  }

  private static boolean matches(Buffer b, int at, int limit) {
    if (at + CONTENT_LENGTH.length > limit) {
      return false;
    }
    for (int k = 0; k < CONTENT_LENGTH.length; k++) {
      if (Character.toLowerCase(b.getByte(at + k)) != CONTENT_LENGTH[k]) {
        return false;
      }
    }
    return true;
  }
}
