package social.gm2.lazai.mint;

import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.crypto.RsaKeyWrap;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.signer.Signer;

/**
 * The file permission (lazai-protocol §3 step 4, §9): {@code addPermissionForFile(fileId,
 * DataRegistry address, hex(RSA-PKCS#1-v1.5(password, DataRegistry.publicKey())))}, sent by the
 * file's owner under the mint's intent key {@code addPermissionForFile}, so the mint step, the REST
 * route and the backfill all send the same one transaction, once. The reference query node reads
 * that permission, decrypts it (python-rsa, PKCS#1 v1.5 only) with the registry's private key and
 * opens the file with the password; without it no inference or query node can read the file.
 */
public final class FilePermissions {
  private static final Logger log = LoggerFactory.getLogger(FilePermissions.class);

  /**
   * The smallest registry key used: python-rsa decrypts one block, and a 132-byte password fits one
   * PKCS#1 v1.5 block only from 1152 bits; weaker keys would not protect the whole file.
   */
  static final int MIN_BITS = 2048;

  private final LazaiChain chain;
  private final Signer wallet;
  private final boolean enabled;

  /**
   * @param enabled {@code lazai.mint.grant-permission}
   */
  public FilePermissions(LazaiChain chain, Signer wallet, boolean enabled) {
    this.chain = chain;
    this.wallet = wallet;
    this.enabled = enabled;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Why no permission can be granted now for any mint (granting off, or no usable registry key);
   * empty when it can.
   */
  public Optional<String> unavailable() {
    if (!enabled) {
      return Optional.of("granting file permissions is turned off (lazai.mint.grant-permission)");
    }
    return registryKey().isPresent() ? Optional.empty() : Optional.of(unusableKey());
  }

  /**
   * The mint step's grant, right after the file is registered by {@code owner} (one of the sending
   * wallets). Nothing is sent when granting is off or the registry publishes no usable key (logged:
   * the backfill grants it once the registry has one).
   *
   * @return the permission's transaction, or empty when none was sent
   */
  public Optional<ChainTx> grantAtRegistration(Mint mint, FileId fileId, String owner) {
    if (!enabled) {
      return Optional.empty();
    }
    Optional<RSAPublicKey> key = registryKey();
    if (key.isEmpty()) {
      log.warn(
          "mint token={} fileId={} no file permission granted: {}",
          mint.tokenAddress(),
          fileId,
          unusableKey());
      return Optional.empty();
    }
    return Optional.of(send(chain.as(owner), mint, fileId, key.get()));
  }

  /**
   * Grants a registered mint's file permission now (the REST route, the backfill), through the
   * mint's intent: a permission already sent for the mint is waited for, not sent again.
   *
   * @throws MintStateConflictException naming why it cannot be granted: granting is off, the mint
   *     has no file yet, it was imported (its password is not known here), its file is owned by a
   *     wallet this service does not send as, or the registry has no usable key
   */
  public ChainTx grant(Mint mint) {
    if (!enabled) {
      throw refused(mint, "granting file permissions is turned off (lazai.mint.grant-permission)");
    }
    if (mint.imported() || mint.seed() == null) {
      throw refused(
          mint,
          "the mint was imported from the original service, which encrypted its file with a"
              + " password this service does not hold");
    }
    if (mint.fileId() == null) {
      throw refused(
          mint, "the mint has no registered file yet; its permission is granted when it has one");
    }
    FileId fileId = new FileId(mint.fileId());
    String owner = chain.file(fileId).owner().toLowerCase(Locale.ROOT);
    List<String> wallets = chain.wallets();
    if (!wallets.contains(owner)) {
      throw refused(
          mint,
          "file "
              + fileId
              + " is owned by "
              + owner
              + ", not by one of this service's wallets "
              + wallets
              + "; only the file's owner may grant its permission");
    }
    RSAPublicKey key = registryKey().orElseThrow(() -> refused(mint, unusableKey()));
    return send(chain.as(owner), mint, fileId, key);
  }

  private ChainTx send(LazaiChain owner, Mint mint, FileId fileId, RSAPublicKey key) {
    String wrapped = RsaKeyWrap.wrap(key, wallet.derivePassword(mint.seed()), RsaScheme.PKCS1_V15);
    ChainTx tx =
        owner.addPermissionForFile(
            mint.intent("addPermissionForFile"), fileId, chain.registryAddress(), wrapped);
    log.info(
        "mint token={} fileId={} permission granted to the DataRegistry {} tx={}",
        mint.tokenAddress(),
        fileId,
        chain.registryAddress(),
        tx.hash());
    return tx;
  }

  /** The registry's RSA key if it publishes one this service wraps for. */
  private Optional<RSAPublicKey> registryKey() {
    String pem = chain.registryPublicKey();
    if (pem == null || pem.isBlank()) {
      return Optional.empty();
    }
    try {
      RSAPublicKey key = RsaKeys.parsePublic(pem);
      return key.getModulus().bitLength() < MIN_BITS ? Optional.empty() : Optional.of(key);
    } catch (CryptoException e) {
      return Optional.empty();
    }
  }

  private String unusableKey() {
    return "the DataRegistry "
        + chain.registryAddress()
        + " publishes no usable RSA public key (publicKey() must be a PKCS#1 or SPKI PEM of at"
        + " least "
        + MIN_BITS
        + " bits; its maintainer sets it with updatePublicKey)";
  }

  private static MintStateConflictException refused(Mint mint, String why) {
    return new MintStateConflictException(
        "The file permission of token " + mint.tokenAddress() + " cannot be granted: " + why + ".",
        mint.state());
  }
}
