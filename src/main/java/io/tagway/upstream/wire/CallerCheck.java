package io.tagway.upstream.wire;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.tagway.upstream.UserSigStatus;
import io.tagway.upstream.UserSigVerifier;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the caller of a REST call the way Tencent does: the query string {@code
 * ?sdkappid=..&identifier=..&usersig=..&random=..&contenttype=json} (names and values
 * case-sensitive), the app, the UserSig and the admin identifier. Each check throws the {@link
 * TimFailure} to answer. {@link #admit} runs them all in Tencent's order; a server that checks more
 * in between (the emulator's rate limit) calls the steps itself. Thread-safe.
 */
public final class CallerCheck {

  /**
   * The five query parameters of a well-formed call.
   *
   * @param sdkAppId the SDKAppID
   * @param identifier the account the call claims to come from
   * @param userSig its UserSig; never shown by {@link #toString()}
   * @param random the caller's random number
   */
  public record Caller(long sdkAppId, String identifier, String userSig, long random) {

    /** Never shows the UserSig. */
    @Override
    public String toString() {
      return "Caller[sdkAppId=" + sdkAppId + ", identifier=" + identifier + ", random=" + random + "]";
    }
  }

  private static final long MAX_RANDOM = 0xFFFF_FFFFL;

  private final long sdkAppId;
  private final Set<String> admins;
  private final UserSigVerifier verifier;

  /** Checks calls against the app {@code sdkAppId} with {@code admins}, verifying with {@code verifier}. */
  public CallerCheck(long sdkAppId, Set<String> admins, UserSigVerifier verifier) {
    this.sdkAppId = sdkAppId;
    this.admins = Set.copyOf(admins);
    this.verifier = verifier;
  }

  /**
   * Every check, in Tencent's order: the query ({@link #parse}), the app ({@link #checkApp}), the
   * UserSig ({@link #checkSignature}), the admin ({@link #checkAdmin}).
   *
   * @param uri the request URI with its query string
   * @return the admitted caller
   * @throws TimFailure the first failing check's answer
   */
  public Caller admit(String uri) {
    Caller caller = parse(uri);
    checkApp(caller);
    checkSignature(caller);
    checkAdmin(caller);
    return caller;
  }

  /**
   * Parses the query: no {@code sdkappid} answers 60012; anything else missing, repeated or out of
   * format answers 60002 (see {@link TimError#QUERY_MALFORMED}). Names are case-sensitive, so
   * {@code SDKAppID=} is no {@code sdkappid}.
   */
  public Caller parse(String uri) {
    Map<String, List<String>> params = new QueryStringDecoder(uri).parameters();
    List<String> appIds = params.getOrDefault("sdkappid", List.of());
    if (appIds.isEmpty()) {
      throw TimError.SDKAPPID_MISSING.failure();
    }
    long appId = parseDecimal(single(appIds, "sdkappid"), Long.MAX_VALUE, "sdkappid");
    String identifier = single(params.get("identifier"), "identifier");
    String userSig = single(params.get("usersig"), "usersig");
    long random = parseDecimal(single(params.get("random"), "random"), MAX_RANDOM, "random");
    if (!"json".equals(single(params.get("contenttype"), "contenttype"))) {
      throw TimError.QUERY_MALFORMED.failure("contenttype must be json");
    }
    return new Caller(appId, identifier, userSig, random);
  }

  /** An SDKAppID this server does not serve answers 70016. */
  public void checkApp(Caller caller) {
    if (caller.sdkAppId() != sdkAppId) {
      throw TimError.SDKAPPID_UNKNOWN.failure();
    }
  }

  /**
   * A UserSig that is not genuine, for this app and identifier, and unexpired answers its code
   * (70003, 70014, 70013, 70001, 70009, in the verifier's order; see {@link UserSigStatus}). The
   * answer never holds the UserSig.
   */
  public void checkSignature(Caller caller) {
    UserSigStatus status = verifier.verify(caller.userSig(), caller.sdkAppId(), caller.identifier());
    if (status != UserSigStatus.VALID) {
      throw new TimFailure(status.tencentCode(), status.message());
    }
  }

  /** An identifier that is not an app admin answers 90009. */
  public void checkAdmin(Caller caller) {
    if (!admins.contains(caller.identifier())) {
      throw TimError.NOT_ADMIN.failure();
    }
  }

  /** Describes the check without its verifier's key. */
  @Override
  public String toString() {
    return "CallerCheck[sdkAppId=" + sdkAppId + ", admins=" + admins + "]";
  }

  private static String single(List<String> values, String name) {
    if (values == null || values.size() != 1 || values.get(0).isEmpty()) {
      throw TimError.QUERY_MALFORMED.failure(name + " must be given once");
    }
    return values.get(0);
  }

  /** A plain decimal (digits only, at most 19 of them) no greater than {@code max}. */
  private static long parseDecimal(String text, long max, String name) {
    if (text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw TimError.QUERY_MALFORMED.failure(name + " must be an unsigned decimal integer");
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0 || value > max) {
      throw TimError.QUERY_MALFORMED.failure(name + " is out of range");
    }
    return value;
  }
}
