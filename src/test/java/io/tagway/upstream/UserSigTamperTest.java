package io.tagway.upstream;

import static io.tagway.upstream.UserSigFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No single-character change to a UserSig, or to the TLS.sig inside it, leaves it valid, with
 * one exception that is not a forgery: deflate ignores the padding bits after a block header
 * of a stored block and after the last block, so a change there inflates to the very same
 * document, which stays valid as it must.
 */
class UserSigTamperTest {

  private static final String URL_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_";
  private static final String BASE64_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

  private final UserSigVerifier verifier = verifierAt(TIME);

  @Test
  void everySubstitutionInTheOfficialUserSigsIsRejected() {
    for (String userSig : List.of(NODE_USERSIG, PYTHON_USERSIG)) {
      assertThat(verifier.verify(userSig, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.VALID);
      assertEverySubstitutionRejected(userSig, XIAOJUN);
    }
  }

  @Test
  void everySubstitutionInOwnUserSigsIsRejected() {
    UserSigSigner signer = new UserSigSigner(KEY);
    for (int level : new int[] {0, 1, 6, 9}) {
      String userSig = signer.sign(SDKAPPID, ADMIN, TIME, ADMIN_EXPIRE, level);
      assertThat(verifier.verify(userSig, SDKAPPID, ADMIN)).isEqualTo(UserSigStatus.VALID);
      assertEverySubstitutionRejected(userSig, ADMIN);
    }
  }

  @Test
  void droppedOrInsertedCharactersAreRejected() {
    String userSig = NODE_USERSIG;
    for (int i = 0; i < userSig.length(); i++) {
      String dropped = userSig.substring(0, i) + userSig.substring(i + 1);
      String inserted = userSig.substring(0, i) + 'A' + userSig.substring(i);
      if (!dropped.equals(userSig.replaceFirst("_$", ""))) { // leaving off padding is allowed
        assertThat(verifier.verify(dropped, SDKAPPID, XIAOJUN)).as("drop %d", i).isNotEqualTo(UserSigStatus.VALID);
      }
      assertThat(verifier.verify(inserted, SDKAPPID, XIAOJUN)).as("insert %d", i).isNotEqualTo(UserSigStatus.VALID);
    }
  }

  @Test
  void everySubstitutionInTheInnerSignatureIsABadSignature() {
    JsonObject document = UserSigVerifierTest.valid();
    String sig = document.getString("TLS.sig");
    int tried = 0;
    for (int i = 0; i < sig.length(); i++) {
      for (char c : BASE64_ALPHABET.toCharArray()) {
        if (c == sig.charAt(i)) {
          continue;
        }
        String tampered = sig.substring(0, i) + c + sig.substring(i + 1);
        String userSig = UserSigVerifierTest.envelope(document.copy().put("TLS.sig", tampered).encode());
        assertThat(verifier.verify(userSig, SDKAPPID, XIAOJUN)).as("%d -> %s", i, c).isEqualTo(UserSigStatus.BAD_SIGNATURE);
        tried++;
      }
    }
    assertThat(tried).isEqualTo(sig.length() * (BASE64_ALPHABET.length() - 1));
  }

  @Test
  void bitFlipsInTheDocumentAreRejected() {
    byte[] json = UserSigVerifierTest.valid().encode().getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < json.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = json.clone();
        flipped[i] ^= (byte) (1 << bit);
        String userSig = UserSigVerifierTest.envelope(flipped);
        assertThat(verifier.verify(userSig, SDKAPPID, XIAOJUN)).as("byte %d bit %d", i, bit).isNotEqualTo(UserSigStatus.VALID);
      }
    }
  }

  private void assertEverySubstitutionRejected(String userSig, String identifier) {
    byte[] document = UserSigCodec.decode(userSig);
    int tried = 0;
    int sameDocument = 0;
    for (int i = 0; i < userSig.length(); i++) {
      for (char c : URL_ALPHABET.toCharArray()) {
        if (c == userSig.charAt(i)) {
          continue;
        }
        String tampered = userSig.substring(0, i) + c + userSig.substring(i + 1);
        tried++;
        if (verifier.verify(tampered, SDKAPPID, identifier) == UserSigStatus.VALID) {
          assertThat(UserSigCodec.decode(tampered)).as("%d -> %s", i, c).isEqualTo(document);
          sameDocument++;
        }
      }
    }
    // Only a handful of ignored bits exist in a whole stream.
    assertThat(sameDocument).isLessThan(tried / 100);
  }
}
