package io.tagway.upstream;

import static io.tagway.upstream.UserSigFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserSigSignerTest {

  private final UserSigSigner signer = new UserSigSigner(KEY);

  @Test
  void tlsSigMatchesKnownAnswerForXiaojun() {
    String content = UserSigDocument.content(XIAOJUN, SDKAPPID, TIME, XIAOJUN_EXPIRE);
    assertThat(UserSigSigner.hmacBase64(KEY, content)).isEqualTo(XIAOJUN_SIG);
  }

  @Test
  void tlsSigMatchesKnownAnswerForAdministrator() {
    String content = UserSigDocument.content(ADMIN, SDKAPPID, TIME, ADMIN_EXPIRE);
    assertThat(UserSigSigner.hmacBase64(KEY, content)).isEqualTo(ADMIN_SIG);
  }

  @Test
  void contentIsTheDocumentedText() {
    assertThat(UserSigDocument.content(XIAOJUN, SDKAPPID, TIME, XIAOJUN_EXPIRE)).isEqualTo(
        "TLS.identifier:xiaojun\nTLS.sdkappid:1400000000\nTLS.time:1700000000\nTLS.expire:15552000\n");
  }

  @Test
  void signedDocumentHasTheDocumentedFieldsAndTypes() {
    JsonObject document = decode(signer.sign(SDKAPPID, ADMIN, TIME, ADMIN_EXPIRE));

    assertThat(document.fieldNames()).containsExactly(
        "TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.time", "TLS.expire", "TLS.sig");
    assertThat(document.getValue("TLS.ver")).isEqualTo("2.0");
    assertThat(document.getValue("TLS.identifier")).isEqualTo(ADMIN);
    assertThat(document.getValue("TLS.sdkappid")).isInstanceOf(Number.class);
    assertThat(document.getLong("TLS.sdkappid")).isEqualTo(SDKAPPID);
    assertThat(document.getValue("TLS.time")).isInstanceOf(Number.class);
    assertThat(document.getLong("TLS.time")).isEqualTo(TIME);
    assertThat(document.getValue("TLS.expire")).isInstanceOf(Number.class);
    assertThat(document.getLong("TLS.expire")).isEqualTo(ADMIN_EXPIRE);
    assertThat(document.getValue("TLS.sig")).isEqualTo(ADMIN_SIG);
  }

  @Test
  void userSigUsesOnlyTheUrlSafeAlphabetWithZlibHeader() {
    String userSig = signer.sign(SDKAPPID, XIAOJUN, TIME, XIAOJUN_EXPIRE);

    assertThat(userSig).matches("[A-Za-z0-9*\\-_]+");
    byte[] compressed = Base64.getDecoder().decode(standard(userSig));
    assertThat(compressed[0]).isEqualTo((byte) 0x78);
    assertThat(((compressed[0] & 0xff) << 8 | (compressed[1] & 0xff)) % 31).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1, 6, 9})
  void everyZlibLevelCarriesTheSameDocument(int level) {
    JsonObject document = decode(signer.sign(SDKAPPID, XIAOJUN, TIME, XIAOJUN_EXPIRE, level));
    assertThat(document.getString("TLS.sig")).isEqualTo(XIAOJUN_SIG);
  }

  @Test
  void levelsZeroAndNineDifferOnTheWire() {
    assertThat(signer.sign(SDKAPPID, XIAOJUN, TIME, XIAOJUN_EXPIRE, 0))
        .isNotEqualTo(signer.sign(SDKAPPID, XIAOJUN, TIME, XIAOJUN_EXPIRE, 9));
  }

  @Test
  void defaultLevelIsZlibsDefault() {
    assertThat(signer.sign(SDKAPPID, XIAOJUN, TIME, XIAOJUN_EXPIRE))
        .isEqualTo(signer.sign(SDKAPPID, XIAOJUN, TIME, XIAOJUN_EXPIRE, 6));
  }

  @Test
  void nonAsciiIdentifierIsSignedAsUtf8() {
    String identifier = "用户-ü-😀";
    JsonObject document = decode(signer.sign(SDKAPPID, identifier, TIME, ADMIN_EXPIRE));
    assertThat(document.getString("TLS.identifier")).isEqualTo(identifier);
    assertThat(document.getString("TLS.sig")).isEqualTo(
        UserSigSigner.hmacBase64(KEY, UserSigDocument.content(identifier, SDKAPPID, TIME, ADMIN_EXPIRE)));
  }

  @Test
  void keyIsUsedAsUtf8TextNotHex() {
    String content = UserSigDocument.content(XIAOJUN, SDKAPPID, TIME, XIAOJUN_EXPIRE);
    assertThat(UserSigSigner.hmacBase64("ключ-🔑", content))
        .isNotEqualTo(UserSigSigner.hmacBase64("ключ-", content))
        .isEqualTo(UserSigSigner.hmacBase64(new String("ключ-🔑".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), content));
  }

  @Test
  void rejectsBadArgumentsWithoutNamingTheKey() {
    assertThatThrownBy(() -> new UserSigSigner("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UserSigSigner(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> signer.sign(SDKAPPID, null, TIME, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> signer.sign(SDKAPPID, XIAOJUN, -1, 1))
        .isInstanceOf(IllegalArgumentException.class).message().doesNotContain(KEY);
    assertThatThrownBy(() -> signer.sign(SDKAPPID, XIAOJUN, TIME, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(-1, XIAOJUN, TIME, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(SDKAPPID, XIAOJUN, TIME, 1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(SDKAPPID, XIAOJUN, TIME, 1, -2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(SDKAPPID, "a\uD800", TIME, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringDoesNotRevealTheKey() {
    assertThat(signer.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 8));
    assertThat(verifierAt(TIME).toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 8));
  }

  @Test
  void documentToStringDoesNotRevealTheSignature() {
    UserSigDocument document = new UserSigDocument(XIAOJUN, SDKAPPID, TIME, XIAOJUN_EXPIRE, XIAOJUN_SIG);
    assertThat(document.toString()).contains(XIAOJUN).doesNotContain(XIAOJUN_SIG);
  }

  static JsonObject decode(String userSig) {
    byte[] json = UserSigCodec.decode(userSig);
    assertThat(json).isNotNull();
    return new JsonObject(new String(json, StandardCharsets.UTF_8));
  }

  private static String standard(String userSig) {
    return userSig.replace('*', '+').replace('-', '/').replace('_', '=');
  }
}
