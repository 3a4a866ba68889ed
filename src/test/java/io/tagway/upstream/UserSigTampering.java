package io.tagway.upstream;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/** Forged UserSigs for tests outside this package: a genuine envelope around a changed document. */
public final class UserSigTampering {

  private UserSigTampering() {}

  /**
   * {@code userSig} with one character of its {@code TLS.sig} replaced: still well-formed, for the
   * same app, identifier and time, but no longer signed by the key.
   */
  public static String flipSignatureChar(String userSig) {
    JsonObject document = new JsonObject(new String(UserSigCodec.decode(userSig), StandardCharsets.UTF_8));
    String sig = document.getString("TLS.sig");
    char flipped = sig.charAt(0) == 'A' ? 'B' : 'A';
    document.put("TLS.sig", flipped + sig.substring(1));
    return UserSigCodec.encode(document.encode().getBytes(StandardCharsets.UTF_8), Deflater.DEFAULT_COMPRESSION);
  }
}
