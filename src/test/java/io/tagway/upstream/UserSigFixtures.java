package io.tagway.upstream;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The known answers from UPSTREAM.md, shared by the UserSig tests. */
final class UserSigFixtures {

  static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
  static final long SDKAPPID = 1400000000L;
  static final long TIME = 1700000000L;
  static final String XIAOJUN = "xiaojun";
  static final long XIAOJUN_EXPIRE = 15552000L;
  static final String XIAOJUN_SIG = "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=";
  static final String ADMIN = "administrator";
  static final long ADMIN_EXPIRE = 86400L;
  static final String ADMIN_SIG = "yLAe+w7WUeUuqbV9h/TX78u21oTGi+i9Zp1u3PpnY60=";

  /** From Tencent's Node library: compact JSON, keys ver, identifier, sdkappid, time, expire, sig. */
  static final String NODE_USERSIG = "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMiUZOamKlkZmqOKplYUZBaBxE1NTY3gosWZ6UpWSj5ljuYp*p7l5unBxXnF2WVhVU4uAf7Ozi5JpX7O5SbuHuUhzgZJmQXaTia2SrUAohcx8g__";

  /** From Tencent's Python library: spaced JSON, expire before time. */
  static final String PYTHON_USERSIG = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPXFmekgG3zKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWoBHdYzUg__";

  private UserSigFixtures() {}

  static Clock clockAt(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  static UserSigVerifier verifierAt(long epochSecond) {
    return new UserSigVerifier(KEY, clockAt(epochSecond));
  }
}
