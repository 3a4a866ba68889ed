package io.tagway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest frames of a JFR recording's execution samples ({@code jdk.ExecutionSample}, threads
 * running Java code): by self time (the top frame) and by total time (anywhere on the stack), as
 * Markdown tables.
 *
 * <p>{@code JfrTop --file REC.jfr [--top 10] [--thread-prefix vert.x-eventloop]}
 */
public final class JfrTop {

  private JfrTop() {}

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv);
    Path file = Path.of(args.required("file"));
    int top = args.intValue("top", 10);
    String threadPrefix = args.string("thread-prefix", "");
    args.checkAllUsed();

    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
      if (thread == null || !thread.startsWith(threadPrefix)) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      threads.merge(thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (seen.add(name)) {
          total.merge(name, 1, Integer::sum);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d execution samples%s; by thread: %s%n%n", samples,
        threadPrefix.isEmpty() ? "" : " on threads " + threadPrefix + "*", threads);
    print("self (top frame)", self, samples, top);
    print("total (anywhere on the stack)", total, samples, top);
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int top) {
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    System.out.printf(Locale.ROOT, "| # | frame, %s | samples | share |%n|---:|---|---:|---:|%n", title);
    for (int i = 0; i < Math.min(top, sorted.size()); i++) {
      Map.Entry<String, Integer> e = sorted.get(i);
      System.out.printf(Locale.ROOT, "| %d | `%s` | %d | %.1f%% |%n", i + 1, e.getKey(), e.getValue(),
          100.0 * e.getValue() / Math.max(1, samples));
    }
    System.out.println();
  }

  private static String name(RecordedFrame frame) {
    RecordedMethod method = frame.getMethod();
    if (method == null) {
      return "?";
    }
    String type = method.getType() == null ? "?" : method.getType().getName();
    return type + "." + method.getName();
  }
}
