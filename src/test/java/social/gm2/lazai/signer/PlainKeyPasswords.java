package social.gm2.lazai.signer;

import social.gm2.lazai.crypto.Wallet;

/** The password the plain key derives, as the reference every adapter must equal. */
final class PlainKeyPasswords {
  private PlainKeyPasswords() {}

  static String passwordOf(String key, String seed) {
    return Wallet.fromPrivateKey(key).derivePassword(seed);
  }
}
