package io.tagway.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 spoken byte by byte over a loopback socket, for requests no HTTP client would send:
 * bad escapes, odd methods, broken headers, invalid UTF-8. Reads every response the server writes
 * until it closes the connection or stays silent for the read timeout.
 */
final class RawHttp {

  /** One response: status, headers (names lower-cased, last one wins) and body. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * What came back for one request.
   *
   * @param responses every complete response, in order
   * @param trailing bytes after the last complete response that do not form one
   * @param timedOut true when the server neither answered fully nor closed within the timeout
   */
  record Exchange(List<Response> responses, byte[] trailing, boolean timedOut) {}

  private RawHttp() {}

  /** Sends {@code request} as is and reads what comes back; {@code head} says the request was a HEAD. */
  static Exchange exchange(int port, byte[] request, boolean head, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      // Written apart from the reads: the server may answer (413) and stop reading before the end.
      CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = socket.getOutputStream();
          out.write(request);
          out.flush();
        } catch (IOException closedByServer) {
          // The answer, if any, is still read below.
        }
      });
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      boolean timedOut = false;
      byte[] chunk = new byte[8192];
      InputStream in = socket.getInputStream();
      try {
        for (int n; (n = in.read(chunk)) >= 0; ) {
          received.write(chunk, 0, n);
        }
      } catch (SocketTimeoutException e) {
        timedOut = true;
      } catch (IOException reset) {
        // A reset after the answer: keep what arrived.
      }
      socket.close();
      written.exceptionally(e -> null).join();
      return parse(received.toByteArray(), head, timedOut);
    }
  }

  /** Convenience for ASCII requests. */
  static Exchange exchange(int port, String request) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), request.startsWith("HEAD "), 5000);
  }

  static Exchange parse(byte[] data, boolean head, boolean timedOut) {
    List<Response> responses = new ArrayList<>();
    int at = 0;
    while (at < data.length) {
      int headerEnd = indexOf(data, at, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (headerEnd < 0) {
        break;
      }
      String[] lines = new String(data, at, headerEnd - at, StandardCharsets.ISO_8859_1).split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
        break;
      }
      int status = Integer.parseInt(statusLine[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      int bodyStart = headerEnd + 4;
      boolean noBody = (head && responses.isEmpty()) || status / 100 == 1 || status == 204 || status == 304;
      byte[] body;
      int next;
      if (noBody) {
        body = new byte[0];
        next = bodyStart;
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = bodyStart;
        while (true) {
          int lineEnd = indexOf(data, p, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
          if (lineEnd < 0) {
            return new Exchange(responses, java.util.Arrays.copyOfRange(data, at, data.length), timedOut);
          }
          int size = Integer.parseInt(new String(data, p, lineEnd - p, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
          p = lineEnd + 2;
          if (size == 0) {
            int trailerEnd = indexOf(data, p - 2, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            p = trailerEnd < 0 ? data.length : trailerEnd + 4;
            break;
          }
          if (p + size > data.length) {
            return new Exchange(responses, java.util.Arrays.copyOfRange(data, at, data.length), timedOut);
          }
          out.write(data, p, size);
          p += size + 2;
        }
        body = out.toByteArray();
        next = p;
      } else if (headers.containsKey("content-length")) {
        int length = Integer.parseInt(headers.get("content-length"));
        if (bodyStart + length > data.length) {
          break;
        }
        body = java.util.Arrays.copyOfRange(data, bodyStart, bodyStart + length);
        next = bodyStart + length;
      } else {
        body = java.util.Arrays.copyOfRange(data, bodyStart, data.length);
        next = data.length;
      }
      responses.add(new Response(status, headers, body));
      at = next;
    }
    return new Exchange(responses, java.util.Arrays.copyOfRange(data, at, data.length), timedOut);
  }

  private static int indexOf(byte[] data, int from, byte[] needle) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
