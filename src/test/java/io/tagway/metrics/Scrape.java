package io.tagway.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One answer of {@code GET /metrics}, parsed from the Prometheus text format. */
final class Scrape {

  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {}

  final String text;
  final List<Sample> samples;

  private Scrape(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a Prometheus sample: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new Scrape(text, samples);
  }

  /** The sum over the samples of {@code name} that carry every one of {@code labels} (name, value, ...). */
  double value(String name, String... labels) {
    return matching(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  /** True when some sample of {@code name} carries every one of {@code labels}. */
  boolean has(String name, String... labels) {
    return !matching(name, labels).isEmpty();
  }

  /** The values label {@code label} takes on samples of {@code name}. */
  Set<String> labelValues(String name, String label) {
    Set<String> values = new TreeSet<>();
    for (Sample sample : samples) {
      if (sample.name().equals(name) && sample.labels().containsKey(label)) {
        values.add(sample.labels().get(label));
      }
    }
    return values;
  }

  /** Every label value of every sample. */
  Set<String> allLabelValues() {
    Set<String> values = new TreeSet<>();
    samples.forEach(sample -> values.addAll(sample.labels().values()));
    return values;
  }

  List<Sample> matching(String name, String... labels) {
    List<Sample> found = new ArrayList<>();
    outer:
    for (Sample sample : samples) {
      if (!sample.name().equals(name)) {
        continue;
      }
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
          continue outer;
        }
      }
      found.add(sample);
    }
    return found;
  }
}
