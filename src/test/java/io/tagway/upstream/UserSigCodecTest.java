package io.tagway.upstream;

import static io.tagway.upstream.UserSigFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class UserSigCodecTest {

  @Test
  void roundTripsAtEveryLevel() {
    byte[] document = "{\"any\":\"bytes\"}".getBytes(StandardCharsets.UTF_8);
    for (int level = -1; level <= 9; level++) {
      assertThat(UserSigCodec.decode(UserSigCodec.encode(document, level))).as("level %d", level).isEqualTo(document);
    }
  }

  @Test
  void documentAtTheSizeLimitIsAccepted() {
    byte[] document = new byte[UserSigCodec.MAX_DOCUMENT_BYTES];
    Arrays.fill(document, (byte) 'a');
    assertThat(UserSigCodec.decode(UserSigCodec.encode(document, 9))).isEqualTo(document);
  }

  @Test
  void documentOneByteOverTheLimitIsRefused() {
    byte[] document = new byte[UserSigCodec.MAX_DOCUMENT_BYTES + 1];
    Arrays.fill(document, (byte) 'a');
    assertThat(UserSigCodec.decode(UserSigCodec.encode(document, 9))).isNull();
  }

  @Test
  void zipBombIsRefusedAsMalformed() {
    // 64 MiB of zeros compresses to about 64 KiB; the UserSig length limit already stops it,
    // so a smaller bomb under that limit checks the inflation bound itself.
    byte[] bomb = new byte[4 * 1024 * 1024];
    String bigBomb = UserSigCodec.encode(bomb, 9);
    String smallBomb = UserSigCodec.encode(new byte[1024 * 1024], 9);
    assertThat(smallBomb.length()).isLessThan(UserSigCodec.MAX_USERSIG_CHARS);

    assertThat(UserSigCodec.decode(bigBomb)).isNull();
    assertThat(UserSigCodec.decode(smallBomb)).isNull();
    assertThat(verifierAt(TIME).verify(smallBomb, SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.MALFORMED);
  }

  @Test
  void nonCanonicalTrailingBitsAreRefused() {
    // The last data character before "__" carries 4 bits of data and 2 unused bits.
    String canonical = UserSigCodec.encode("{}x".getBytes(StandardCharsets.UTF_8), 6);
    int last = canonical.replace("_", "").length() - 1;
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-";
    int value = alphabet.indexOf(canonical.charAt(last));
    String variant = canonical.substring(0, last) + alphabet.charAt(value ^ 1) + canonical.substring(last + 1);
    assertThat(Base64.getDecoder().decode(standard(variant))).isEqualTo(Base64.getDecoder().decode(standard(canonical)));

    assertThat(UserSigCodec.decode(canonical)).isNotNull();
    assertThat(UserSigCodec.decode(variant)).isNull();
  }

  @Test
  void truncatedStreamsAreRefused() {
    // Padding may be left off, so cut from the unpadded form.
    String userSig = UserSigCodec.encode(new byte[300], 0).replace("_", "");
    for (int cut = 1; cut < userSig.length(); cut++) {
      String truncated = userSig.substring(0, userSig.length() - cut);
      assertThat(UserSigCodec.decode(truncated)).as("cut %d", cut).isNull();
    }
  }

  @Test
  void presetDictionaryStreamsAreRefused() {
    Deflater deflater = new Deflater();
    deflater.setDictionary("dictionary".getBytes(StandardCharsets.UTF_8));
    deflater.setInput("dictionary dictionary".getBytes(StandardCharsets.UTF_8));
    deflater.finish();
    byte[] out = new byte[256];
    int n = deflater.deflate(out);
    deflater.end();
    String userSig = Base64.getEncoder().encodeToString(Arrays.copyOf(out, n))
        .replace('+', '*').replace('/', '-').replace('=', '_');
    assertThat(UserSigCodec.decode(userSig)).isNull();
  }

  @Test
  void randomInputNeverThrows() {
    Random random = new Random(7);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-_+/= \n%\u00e9\uD800";
    UserSigVerifier verifier = verifierAt(TIME);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder input = new StringBuilder(i % 2 == 0 ? "eJ" : "");
      int length = random.nextInt(300);
      for (int j = 0; j < length; j++) {
        input.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(verifier.verify(input.toString(), SDKAPPID, XIAOJUN)).isEqualTo(UserSigStatus.MALFORMED);
    }
  }

  @Test
  void randomCompressedBytesNeverThrow() {
    Random random = new Random(11);
    UserSigVerifier verifier = verifierAt(TIME);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      if (i % 3 == 0) {
        bytes = ("{\"TLS.ver\":\"2.0\"," + new String(bytes, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.UTF_8);
      }
      assertThat(verifier.verify(UserSigCodec.encode(bytes, random.nextInt(10)), SDKAPPID, XIAOJUN))
          .isEqualTo(UserSigStatus.MALFORMED);
    }
  }

  private static String standard(String userSig) {
    return userSig.replace('*', '+').replace('-', '/').replace('_', '=');
  }
}
