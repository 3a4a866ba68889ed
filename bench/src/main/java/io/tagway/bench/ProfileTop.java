package io.tagway.bench;

import java.io.IOException;
import java.nio.file.Files;
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
 * The hottest frames of a profile, by self time (the top frame) and by total time (anywhere on the
 * stack), as Markdown tables. Reads async-profiler's collapsed stacks ({@code --collapsed FILE}:
 * one {@code frame;frame;...;leaf count} per line, thread names as root frames when recorded with
 * {@code threads}) or a JFR recording's execution samples ({@code --jfr FILE}, threads running
 * Java code only).
 *
 * <p>Also the self time by component (kernel, JVM, Netty, Vert.x core, Vert.x Web, Caffeine, the
 * JDK, Tagway). The total table lists only frames whose names start with one of
 * {@code --total-prefix} (default: Tagway, Vert.x Web, Caffeine), since the event loop's own frames
 * sit under every sample.
 *
 * <p>{@code ProfileTop (--collapsed FILE | --jfr FILE) [--top 10] [--thread-prefix vert.x-eventloop]
 * [--total-prefix io.tagway.,io.vertx.ext.web.]}
 */
public final class ProfileTop {

  private final Map<String, Long> self = new HashMap<>();
  private final Map<String, Long> total = new HashMap<>();
  private final Map<String, Long> threads = new HashMap<>();
  private long samples;

  private ProfileTop() {}

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv);
    String collapsed = args.string("collapsed", null);
    String jfr = args.string("jfr", null);
    int top = args.intValue("top", 10);
    String threadPrefix = args.string("thread-prefix", "");
    List<String> totalPrefixes = List.of(
        args.string("total-prefix", "io.tagway.,io.vertx.ext.web.,com.github.benmanes.caffeine.").split(","));
    args.checkAllUsed();

    ProfileTop profile = new ProfileTop();
    if (collapsed != null) {
      profile.readCollapsed(Path.of(collapsed), threadPrefix);
    } else if (jfr != null) {
      profile.readJfr(Path.of(jfr), threadPrefix);
    } else {
      throw new IllegalArgumentException("--collapsed or --jfr is required");
    }
    System.out.printf(Locale.ROOT, "%d samples%s; by thread: %s%n%n", profile.samples,
        threadPrefix.isEmpty() ? "" : " on threads " + threadPrefix + "*", profile.threads);
    Map<String, Long> components = new HashMap<>();
    profile.self.forEach((frame, count) -> components.merge(component(frame), count, Long::sum));
    print("component, self time", components, profile.samples, components.size());
    print("frame, self (top frame)", profile.self, profile.samples, top);
    Map<String, Long> selected = new HashMap<>();
    profile.total.forEach((frame, count) -> {
      if (totalPrefixes.stream().anyMatch(frame::startsWith)) {
        selected.put(frame, count);
      }
    });
    print("frame, total (anywhere on the stack), " + String.join(" ", totalPrefixes) + " only", selected,
        profile.samples, top);
  }

  /** Which part of the stack a frame belongs to. */
  static String component(String frame) {
    if (frame.endsWith(" [kernel]")) {
      return "Linux kernel";
    }
    if (frame.startsWith("io.tagway.")) {
      return "Tagway";
    }
    if (frame.startsWith("io.vertx.ext.web.")) {
      return "Vert.x Web (router)";
    }
    if (frame.startsWith("io.vertx.")) {
      return "Vert.x core";
    }
    if (frame.startsWith("io.netty.")) {
      return "Netty";
    }
    if (frame.startsWith("com.github.benmanes.caffeine.")) {
      return "Caffeine";
    }
    if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")) {
      return "JDK";
    }
    if (frame.contains("::") || !frame.contains(".") || frame.contains(" ")) {
      return "JVM and native libraries";
    }
    return "other Java";
  }

  /** Thread names are the root frames, as in {@code [vert.x-eventloop-thread-1 tid=123]}. */
  private void readCollapsed(Path file, String threadPrefix) throws IOException {
    for (String line : Files.readAllLines(file)) {
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      long count = Long.parseLong(line.substring(space + 1).trim());
      List<String> frames = new ArrayList<>(List.of(line.substring(0, space).split(";")));
      String thread = "?";
      if (!frames.isEmpty() && frames.get(0).startsWith("[")) {
        thread = frames.remove(0).replaceAll("^\\[|( tid=\\d+)?\\]$", "");
      }
      if (!thread.startsWith(threadPrefix) || frames.isEmpty()) {
        continue;
      }
      List<String> leafFirst = new ArrayList<>(frames.size());
      for (int i = frames.size() - 1; i >= 0; i--) {
        leafFirst.add(readable(frames.get(i)));
      }
      add(thread, leafFirst, count);
    }
  }

  /** {@code io/netty/Foo.bar_[j]} becomes {@code io.netty.Foo.bar}; kernel frames are marked. */
  private static String readable(String frame) {
    if (frame.endsWith("_[k]")) {
      return frame.substring(0, frame.length() - 4) + " [kernel]";
    }
    String name = frame.replaceAll("_\\[[a-z0-9]+\\]$", "");
    return name.contains("::") || name.contains(" ") ? name : name.replace('/', '.');
  }

  private void readJfr(Path file, String threadPrefix) throws IOException {
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
      List<String> frames = new ArrayList<>();
      for (RecordedFrame frame : stack.getFrames()) {
        frames.add(name(frame));
      }
      add(thread, frames, 1);
    }
  }

  /** One stack, leaf first, seen {@code count} times. */
  private void add(String thread, List<String> leafFirst, long count) {
    samples += count;
    threads.merge(thread.replaceAll("-\\d+$", "-N"), count, Long::sum);
    self.merge(leafFirst.get(0), count, Long::sum);
    Set<String> seen = new HashSet<>();
    for (String frame : leafFirst) {
      if (seen.add(frame)) {
        total.merge(frame, count, Long::sum);
      }
    }
  }

  private static void print(String title, Map<String, Long> counts, long samples, int top) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    System.out.printf(Locale.ROOT, "| # | %s | samples | share |%n|---:|---|---:|---:|%n", title);
    for (int i = 0; i < Math.min(top, sorted.size()); i++) {
      Map.Entry<String, Long> e = sorted.get(i);
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
