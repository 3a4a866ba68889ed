package io.tagway.upstream;

import static io.tagway.upstream.UserSigFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserSigVerifierTest {

  private final UserSigSigner signer = new UserSigSigner(KEY);

  @ParameterizedTest
  @ValueSource(longs = {TIME, TIME + 1, TIME + XIAOJUN_EXPIRE / 2, TIME + XIAOJUN_EXPIRE})
  void officialUserSigsVerifyWithinTheirLifetime(long now) {
    UserSigVerifier verifier = verifierAt(now);
    assertThat(verifier.verify(NODE_USERSIG, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.VALID);
    assertThat(verifier.verify(PYTHON_USERSIG, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.VALID);
  }

  @Test
  void officialUserSigsExpireOneSecondAfterTheirLifetime() {
    UserSigVerifier verifier = verifierAt(TIME + XIAOJUN_EXPIRE + 1);
    assertThat(verifier.verify(NODE_USERSIG, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.EXPIRED);
    assertThat(verifier.verify(PYTHON_USERSIG, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.EXPIRED);
  }

  @Test
  void userSigIssuedInTheFutureIsAccepted() {
    assertThat(verifierAt(TIME - 3600).verify(NODE_USERSIG, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.VALID);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1, 6, 9})
  void ownUserSigsVerifyAtEveryZlibLevel(int level) {
    String userSig = signer.sign(SDKAPPID, ADMIN, TIME, ADMIN_EXPIRE, level);
    assertThat(verifierAt(TIME + 10).verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
  }

  @Test
  void roundTripsForManyIdentifiersAndApps() {
    UserSigVerifier verifier = verifierAt(TIME);
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      long app = 1400000000L + random.nextInt(1000);
      String identifier = "user_" + Integer.toHexString(random.nextInt()) + (i % 3 == 0 ? "-名字" : "");
      String userSig = signer.sign(app, identifier, TIME - random.nextInt(1000), 86400, random.nextInt(10));
      assertThat(verifier.verify(userSig, app, identifier)).as(identifier).isEqualTo(UserSigStatus.VALID);
    }
  }

  @Test
  void aRememberedUserSigIsStillCheckedForAppIdentifierAndExpiry() {
    MutableClock clock = new MutableClock(TIME);
    UserSigVerifier verifier = new UserSigVerifier(KEY, clock);
    String userSig = signer.sign(SDKAPPID, ADMIN, TIME, 600);
    assertThat(verifier.verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
    assertThat(verifier.remembered()).isEqualTo(1);
    assertThat(verifier.verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
    assertThat(verifier.verify(userSig, SDKAPPID + 1, ADMIN)).isEqualTo(UserSigStatus.SDKAPPID_MISMATCH);
    assertThat(verifier.verify(userSig, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.IDENTIFIER_MISMATCH);
    assertThat(verifier.verify(userSig, SDKAPPID, null)).isEqualTo(UserSigStatus.IDENTIFIER_MISMATCH);
    clock.setEpochSecond(TIME + 600);
    assertThat(verifier.verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
    clock.setEpochSecond(TIME + 601);
    assertThat(verifier.verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.EXPIRED);
  }

  @Test
  void onlyValidUserSigsAreRememberedAndNoMoreThanTheLimit() {
    UserSigVerifier verifier = verifierAt(TIME);
    String userSig = signer.sign(SDKAPPID, ADMIN, TIME, 600);
    String forged = UserSigTampering.flipSignatureChar(userSig);
    for (int i = 0; i < 3; i++) {
      assertThat(verifier.verify(forged, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.BAD_SIGNATURE);
      assertThat(verifier.verify("not a usersig", SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.MALFORMED);
      assertThat(verifier.verify(null, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.MALFORMED);
      assertThat(verifier.verify(signer.sign(SDKAPPID, ADMIN, TIME - 700, 600), SDKAPPID, ADMIN))
          .isEqualTo(UserSigStatus.EXPIRED);
    }
    assertThat(verifier.remembered()).isZero();
    assertThat(verifier.verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
    assertThat(verifier.verify(forged, SDKAPPID, ADMIN)).as("after the genuine one").isEqualTo(UserSigStatus.BAD_SIGNATURE);
    for (int i = 0; i < 2 * UserSigVerifier.REMEMBERED; i++) {
      String other = signer.sign(SDKAPPID, ADMIN + i, TIME, 600);
      assertThat(verifier.verify(other, SDKAPPID, ADMIN + i)).isEqualTo(UserSigStatus.VALID);
    }
    assertThat(verifier.remembered()).isLessThanOrEqualTo(UserSigVerifier.REMEMBERED);
  }

  @Test
  void zeroLifetimeIsValidOnlyInItsOwnSecond() {
    String userSig = signer.sign(SDKAPPID, ADMIN, TIME, 0);
    assertThat(verifierAt(TIME).verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
    assertThat(verifierAt(TIME + 1).verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.EXPIRED);
  }

  @Test
  void wrongAppIsSdkAppIdMismatch() {
    assertThat(verifierAt(TIME).verify(NODE_USERSIG, SDKAPPID + 1, XIAOJUN)).isEqualTo(UserSigStatus.SDKAPPID_MISMATCH);
  }

  @Test
  void wrongIdentifierIsIdentifierMismatch() {
    UserSigVerifier verifier = verifierAt(TIME);
    assertThat(verifier.verify(NODE_USERSIG, SDKAPPID, "Xiaojun")).isEqualTo(UserSigStatus.IDENTIFIER_MISMATCH);
    assertThat(verifier.verify(NODE_USERSIG, SDKAPPID, "xiaojun ")).isEqualTo(UserSigStatus.IDENTIFIER_MISMATCH);
    assertThat(verifier.verify(NODE_USERSIG, SDKAPPID, "")).isEqualTo(UserSigStatus.IDENTIFIER_MISMATCH);
    assertThat(verifier.verify(NODE_USERSIG, SDKAPPID, null)).isEqualTo(UserSigStatus.IDENTIFIER_MISMATCH);
  }

  @Test
  void wrongKeyIsBadSignature() {
    UserSigVerifier verifier = new UserSigVerifier(KEY + "x", clockAt(TIME));
    assertThat(verifier.verify(NODE_USERSIG, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.BAD_SIGNATURE);
    assertThat(verifier.verify(PYTHON_USERSIG, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.BAD_SIGNATURE);
  }

  @Test
  void checksRunInTencentsOrder() {
    String otherKeysOldSig = new UserSigSigner("another key").sign(SDKAPPID, ADMIN, TIME, 60);
    UserSigVerifier verifier = verifierAt(TIME + 3600);

    assertThat(verifier.verify(otherKeysOldSig, SDKAPPID + 1, "someone")).isEqualTo(UserSigStatus.SDKAPPID_MISMATCH);
    assertThat(verifier.verify(otherKeysOldSig, SDKAPPID, "someone")).isEqualTo(UserSigStatus.IDENTIFIER_MISMATCH);
    assertThat(verifier.verify(otherKeysOldSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.EXPIRED);
    assertThat(verifierAt(TIME).verify(otherKeysOldSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.BAD_SIGNATURE);
  }

  @Test
  void malformedEnvelopes() {
    UserSigVerifier verifier = verifierAt(TIME);
    String compressedGarbage = UserSigCodec.encode("hello".getBytes(StandardCharsets.UTF_8), 6);
    String[] inputs = {
        null, "", " ", "!!!!", "eJyr", "not base64 at all", "eJy=", NODE_USERSIG + " ",
        NODE_USERSIG.substring(0, NODE_USERSIG.length() - 6),
        NODE_USERSIG.replace('*', '+'), NODE_USERSIG.replace('_', '='),
        envelope("just some bytes that are not zlib".getBytes(StandardCharsets.UTF_8)),
        envelope(new byte[0]), compressedGarbage, NODE_USERSIG + NODE_USERSIG,
        "A".repeat(UserSigCodec.MAX_USERSIG_CHARS + 4),
    };
    for (String input : inputs) {
      assertThat(verifier.verify(input, SDKAPPID, XIAOJUN)).as("%s", input).isEqualTo(UserSigStatus.MALFORMED);
    }
  }

  @Test
  void unpaddedUserSigIsAccepted() {
    String unpadded = NODE_USERSIG.replace("_", "");
    assertThat(verifierAt(TIME).verify(unpadded, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.VALID);
  }

  @Test
  void trailingBytesAfterTheZlibStreamAreMalformed() {
    byte[] compressed = Base64.getDecoder().decode(NODE_USERSIG.replace('*', '+').replace('-', '/').replace('_', '='));
    byte[] longer = Arrays.copyOf(compressed, compressed.length + 1);
    assertThat(verifierAt(TIME).verify(envelope(longer), SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.MALFORMED);
  }

  @Test
  void documentsThatAreNotTheDocumentedShapeAreMalformed() {
    UserSigVerifier verifier = verifierAt(TIME);
    String[] documents = {
        "", "not json", "[]", "null", "\"TLS\"", "{", "{} {}",
        valid().encode() + "x",
        "{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"xiaojun\",\"TLS.sdkappid\":1400000000}",
        valid().encode().replace("1400000000", "1" + "0".repeat(2000)),
        valid().encode().replace("15552000", "1e400"),
        "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "," + valid().encode().substring(1),
    };
    for (String document : documents) {
      assertThat(verifier.verify(envelope(document), SDKAPPID, XIAOJUN)).as(document).isEqualTo(UserSigStatus.MALFORMED);
    }
  }

  @Test
  void missingOrMistypedFieldsAreMalformed() {
    UserSigVerifier verifier = verifierAt(TIME);
    for (String field : valid().fieldNames()) {
      assertMalformed(verifier, field + " missing", d -> d.remove(field));
      assertMalformed(verifier, field + " null", d -> d.putNull(field));
      assertMalformed(verifier, field + " object", d -> d.put(field, new JsonObject()));
      assertMalformed(verifier, field + " boolean", d -> d.put(field, true));
    }
    assertMalformed(verifier, "ver 2 as number", d -> d.put("TLS.ver", 2.0));
    assertMalformed(verifier, "ver 1.0", d -> d.put("TLS.ver", "1.0"));
    assertMalformed(verifier, "identifier as number", d -> d.put("TLS.identifier", 42));
    assertMalformed(verifier, "sig as number", d -> d.put("TLS.sig", 42));
    for (String field : new String[] {"TLS.sdkappid", "TLS.time", "TLS.expire"}) {
      assertMalformed(verifier, field + " fraction", d -> d.put(field, d.getLong(field) + 0.5));
      assertMalformed(verifier, field + " float", d -> d.put(field, d.getLong(field).doubleValue()));
      assertMalformed(verifier, field + " negative", d -> d.put(field, -d.getLong(field)));
      assertMalformed(verifier, field + " huge", d -> d.put(field, new BigInteger("99999999999999999999")));
      assertMalformed(verifier, field + " leading zero", d -> d.put(field, "0" + d.getLong(field)));
      assertMalformed(verifier, field + " signed string", d -> d.put(field, "+" + d.getLong(field)));
      assertMalformed(verifier, field + " spaced string", d -> d.put(field, " " + d.getLong(field)));
      assertMalformed(verifier, field + " empty string", d -> d.put(field, ""));
    }
    assertMalformed(verifier, "userbuf", d -> d.put("TLS.userbuf", "AAAA"));
    assertMalformed(verifier, "userbuf null", d -> d.putNull("TLS.userbuf"));
  }

  @Test
  void numbersGivenAsDecimalStringsAreAccepted() {
    JsonObject document = valid()
        .put("TLS.sdkappid", "1400000000").put("TLS.time", "1700000000").put("TLS.expire", "15552000");
    assertThat(verifierAt(TIME).verify(envelope(document.encode()), SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.VALID);
  }

  @Test
  void keyOrderSpacingAndUnknownKeysDoNotMatter() {
    String document = "{ \"TLS.sig\" : \"" + XIAOJUN_SIG + "\",\n\t\"TLS.expire\":15552000, \"TLS.time\":1700000000,"
        + " \"extra\": [1, {\"a\": null}], \"TLS.sdkappid\":1400000000, \"TLS.identifier\":\"xiaojun\", \"TLS.ver\":\"2.0\" }";
    assertThat(verifierAt(TIME).verify(envelope(document), SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.VALID);
  }

  @Test
  void documentWithInvalidUtf8IsMalformed() {
    byte[] json = valid().encode().getBytes(StandardCharsets.UTF_8);
    byte[] withBadByte = Arrays.copyOf(json, json.length);
    int at = new String(json, StandardCharsets.UTF_8).indexOf("xiaojun");
    withBadByte[at] = (byte) 0xC3; // starts a two-byte sequence that the next ASCII byte breaks
    assertThat(verifierAt(TIME).verify(envelope(withBadByte), SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.MALFORMED);
  }

  @Test
  void changedFieldValuesFailTheSignature() {
    UserSigVerifier verifier = verifierAt(TIME);
    assertThat(verify(verifier, valid().put("TLS.expire", XIAOJUN_EXPIRE + 1))).isEqualTo(UserSigStatus.BAD_SIGNATURE);
    assertThat(verify(verifier, valid().put("TLS.time", TIME - 1))).isEqualTo(UserSigStatus.BAD_SIGNATURE);
    assertThat(verify(verifier, valid().put("TLS.sig", ""))).isEqualTo(UserSigStatus.BAD_SIGNATURE);
    assertThat(verify(verifier, valid().put("TLS.sig", XIAOJUN_SIG.replace("=", "")))).isEqualTo(UserSigStatus.BAD_SIGNATURE);
    assertThat(verify(verifier, valid().put("TLS.sig", XIAOJUN_SIG + "=="))).isEqualTo(UserSigStatus.BAD_SIGNATURE);
    assertThat(verify(verifier, valid().put("TLS.sig", ADMIN_SIG))).isEqualTo(UserSigStatus.BAD_SIGNATURE);
  }

  @Test
  void anIdentifierDifferentOnlyInSurrogatesCannotBorrowASignature() {
    String issuedFor = "a?";
    String userSig = signer.sign(SDKAPPID, issuedFor, TIME, 60);
    // Written as a JSON escape: the JSON encoder would itself turn the lone surrogate into '?'.
    String forged = documentOf(userSig).encode().replace("\"a?\"", "\"a\\ud800\"");
    assertThat(forged).contains("\\ud800");
    assertThat(verifierAt(TIME).verify(envelope(forged), SDKAPPID, "a\uD800")).isEqualTo(UserSigStatus.MALFORMED);
    assertThat(verifierAt(TIME).verify(userSig, SDKAPPID, "a\uD800")).isEqualTo(UserSigStatus.IDENTIFIER_MISMATCH);
    assertThat(verifierAt(TIME).verify(userSig, SDKAPPID, issuedFor)).isEqualTo(UserSigStatus.VALID);
  }

  @Test
  void statusesCarryTencentsCodesAndNoSecrets() {
    assertThat(UserSigStatus.VALID.tencentCode()).isZero();
    assertThat(UserSigStatus.MALFORMED.tencentCode()).isEqualTo(70003);
    assertThat(UserSigStatus.SDKAPPID_MISMATCH.tencentCode()).isEqualTo(70014);
    assertThat(UserSigStatus.IDENTIFIER_MISMATCH.tencentCode()).isEqualTo(70013);
    assertThat(UserSigStatus.EXPIRED.tencentCode()).isEqualTo(70001);
    assertThat(UserSigStatus.EXPIRED.message()).isEqualTo("UserSig expired");
    assertThat(UserSigStatus.BAD_SIGNATURE.tencentCode()).isEqualTo(70009);
    for (UserSigStatus status : UserSigStatus.values()) {
      assertThat(status.message()).isNotBlank().doesNotContain(KEY).doesNotContain(XIAOJUN_SIG);
    }
  }

  /** The Node library's document for xiaojun, as a mutable object. */
  static JsonObject valid() {
    return documentOf(NODE_USERSIG);
  }

  static String envelope(String document) {
    return envelope(document.getBytes(StandardCharsets.UTF_8));
  }

  static String envelope(byte[] bytes) {
    return UserSigCodec.encode(bytes, Deflater.DEFAULT_COMPRESSION);
  }

  private static UserSigStatus verify(UserSigVerifier verifier, JsonObject document) {
    return verifier.verify(envelope(document.encode()), SDKAPPID, XIAOJUN);
  }

  private static void assertMalformed(UserSigVerifier verifier, String what, Consumer<JsonObject> change) {
    JsonObject document = valid();
    change.accept(document);
    assertThat(verify(verifier, document)).as(what).isEqualTo(UserSigStatus.MALFORMED);
  }

  /** Opens a UserSig into its document. */
  static JsonObject documentOf(String userSig) {
    return new JsonObject(new String(UserSigCodec.decode(userSig), StandardCharsets.UTF_8));
  }
}
