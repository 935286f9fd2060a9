package social.gm2.lazai.signer;

import social.gm2.lazai.config.Secret;
import social.gm2.lazai.signer.factory.SignerFactory;

/** The contract suite on the plain key ({@code LAZAI_CONFIG.privateKey}). */
class PlainSignerContractIT extends SignerContract {
  @Override
  protected Signer open(String key) {
    return SignerFactory.create(
        new SignerProperties(null, null, null, null),
        Secret.valueOf(key),
        "development",
        n -> null);
  }
}
