package io.tagway.emulator;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of what the emulator saw since start or the last reset, as served by {@code GET
 * /emulator/stats}.
 *
 * @param callsByCommand every call that reached a tag command's path, whatever its outcome, by wire
 *     name (all four commands present)
 * @param accountsRequested accounts carried by {@code im_get_tag} calls with a well-formed body
 *     (duplicates included), counted whether or not the call then failed a limit or a fault
 * @param duplicateAccountsRequested of those, accounts repeated within the same call
 * @param batchSizeHistogram {@code im_get_tag} batch size (exact, may exceed 100) to number of calls
 * @param maxCallsInAnySecond most calls of one command that arrived within any sliding second,
 *     admitted or not: the highest of {@code maxCallsInAnySecondByCommand}
 * @param maxCallsInAnySecondByCommand the same per command
 * @param rateLimitViolations calls answered 60007
 * @param signatureFailures calls rejected by UserSig verification, by code (70001, 70003, ...)
 * @param errorsByCode every {@code FAIL} answer by ErrorCode (includes 60007, 70xxx, injected 91000)
 * @param faultsInjected faults applied
 * @param hungConnections requests held unanswered right now
 */
public record EmulatorStats(
    Map<String, Long> callsByCommand,
    long accountsRequested,
    long duplicateAccountsRequested,
    Map<Integer, Long> batchSizeHistogram,
    int maxCallsInAnySecond,
    Map<String, Integer> maxCallsInAnySecondByCommand,
    long rateLimitViolations,
    Map<Integer, Long> signatureFailures,
    Map<Integer, Long> errorsByCode,
    FaultCounts faultsInjected,
    int hungConnections) {

  /** Copies every map into an immutable, sorted one. */
  public EmulatorStats {
    callsByCommand = sorted(callsByCommand);
    batchSizeHistogram = sorted(batchSizeHistogram);
    maxCallsInAnySecondByCommand = sorted(maxCallsInAnySecondByCommand);
    signatureFailures = sorted(signatureFailures);
    errorsByCode = sorted(errorsByCode);
  }

  /** Counts of injected faults. */
  public record FaultCounts(long delayed, long internalErrors, long badGateways, long hangs) {

    /** The JSON form. */
    public JsonObject toJson() {
      return new JsonObject()
          .put("delayed", delayed)
          .put("internalErrors", internalErrors)
          .put("badGateways", badGateways)
          .put("hangs", hangs);
    }
  }

  /** Calls that reached {@code command}'s path. */
  public long calls(TagCommand command) {
    return callsByCommand.getOrDefault(command.wireName(), 0L);
  }

  /** Calls that reached any tag command. */
  public long totalCalls() {
    return callsByCommand.values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code FAIL} answers with {@code code}. */
  public long errors(int code) {
    return errorsByCode.getOrDefault(code, 0L);
  }

  /** The JSON form served by {@code GET /emulator/stats}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("callsByCommand", asJson(callsByCommand))
        .put("totalCalls", totalCalls())
        .put("accountsRequested", accountsRequested)
        .put("duplicateAccountsRequested", duplicateAccountsRequested)
        .put("batchSizeHistogram", asJson(batchSizeHistogram))
        .put("maxCallsInAnySecond", maxCallsInAnySecond)
        .put("maxCallsInAnySecondByCommand", asJson(maxCallsInAnySecondByCommand))
        .put("rateLimitViolations", rateLimitViolations)
        .put("signatureFailures", asJson(signatureFailures))
        .put("errorsByCode", asJson(errorsByCode))
        .put("faultsInjected", faultsInjected.toJson())
        .put("hungConnections", hungConnections);
  }

  private static JsonObject asJson(Map<?, ? extends Number> counts) {
    JsonObject json = new JsonObject();
    counts.forEach((key, count) -> json.put(String.valueOf(key), count));
    return json;
  }

  private static <K extends Comparable<K>, V> Map<K, V> sorted(Map<K, V> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
