package io.tagway.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code target/tagway.jar} run as a separate process, as users run it, with its
 * output captured. Inherited {@code TAGWAY_*} variables are removed so only the test's apply.
 */
public final class TagwayProcess implements AutoCloseable {

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private TagwayProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code java -jar tagway.jar ARGS} in the project directory with extra environment variables. */
  public static TagwayProcess start(Map<String, String> env, String... args) {
    return start(List.of(), env, args);
  }

  /** Like {@link #start(Map, String...)}, with JVM options before {@code -jar}. */
  public static TagwayProcess start(List<String> jvmOptions, Map<String, String> env, String... args) {
    String jar = System.getProperty("tagway.jar", "target/tagway.jar");
    if (!new File(jar).isFile()) {
      throw new IllegalStateException(jar + " is missing: run the tests with `./mvnw verify`");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("tagway-out", ".log");
      Path err = Files.createTempFile("tagway-err", ".log");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("TAGWAY_"));
      builder.environment().putAll(env);
      return new TagwayProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process to exit and returns its exit code; fails after the timeout. */
  public int waitForExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("tagway did not exit within " + seconds + " s; stdout:\n" + stdout());
    }
    return process.exitValue();
  }

  /** Sends SIGTERM. */
  public void terminate() {
    process.destroy();
  }

  /** Everything the process wrote to standard output so far. */
  public String stdout() {
    return read(stdout);
  }

  /** Everything the process wrote to standard error so far. */
  public String stderr() {
    return read(stderr);
  }

  /** True while the process runs. */
  public boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
