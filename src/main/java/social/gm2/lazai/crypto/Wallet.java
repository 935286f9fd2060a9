package social.gm2.lazai.crypto;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The service's Ethereum account, reduced to what minting needs: its address, and EIP-191 personal
 * signatures identical to web3.js v4 {@code privateKeyToAccount(key).sign(text).signature}. Those
 * signatures are the file passwords (lazai-protocol §4), so they must match the original Node
 * service byte for byte; signing is deterministic (RFC 6979), so the same key and seed always give
 * the same password.
 *
 * <p>The key never leaves this object: {@link #toString()} shows the address only, and rejected
 * keys are described without echoing them. The public key and address are computed once. Instances
 * are immutable and thread-safe.
 */
public final class Wallet {
  private static final int KEY_BYTES = 32;

  private final BigInteger privateKey;
  private final ECPoint publicKey;
  private final String address;

  private Wallet(BigInteger privateKey) {
    if (privateKey.signum() == 0) {
      throw new InvalidPrivateKeyException("a private key must not be zero");
    }
    if (privateKey.compareTo(Secp256k1.N) >= 0) {
      throw new InvalidPrivateKeyException(
          "a private key must be below the secp256k1 group order n");
    }
    this.privateKey = privateKey;
    this.publicKey = Secp256k1.publicKey(privateKey);
    this.address = Secp256k1.address(publicKey);
  }

  /**
   * The wallet for a private key of 64 hex digits, with or without {@code 0x}.
   *
   * @throws InvalidPrivateKeyException if it is not hex of 32 bytes, or zero, or not below n
   */
  public static Wallet fromPrivateKey(String hex) {
    if (hex == null) {
      throw new InvalidPrivateKeyException("a private key is required");
    }
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (!Signature.isHex(digits)) {
      throw new InvalidPrivateKeyException(
          "a private key must be hex (64 digits, optionally 0x-prefixed); the value given contains"
              + " characters that are not hex digits");
    }
    if (digits.length() != 2 * KEY_BYTES) {
      throw new InvalidPrivateKeyException(
          "a private key must be 32 bytes (64 hex digits, optionally 0x-prefixed); the value given"
              + " has "
              + digits.length()
              + " hex digits");
    }
    return new Wallet(new BigInteger(1, HexFormat.of().parseHex(digits)));
  }

  /**
   * The wallet for a private key of exactly 32 big-endian bytes; the array is not kept.
   *
   * @throws InvalidPrivateKeyException if it is not 32 bytes, or zero, or not below n
   */
  public static Wallet fromPrivateKey(byte[] key) {
    if (key == null || key.length != KEY_BYTES) {
      throw new InvalidPrivateKeyException(
          "a private key must be 32 bytes; the value given has "
              + (key == null ? "none" : key.length));
    }
    return new Wallet(new BigInteger(1, key));
  }

  /** The EIP-55 checksummed address, e.g. {@code 0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A}. */
  public String address() {
    return address;
  }

  /**
   * Signs {@code message} as an EIP-191 personal message.
   *
   * @return {@code 0x} + r + s + v (v = 0x1b or 0x1c), lower-case hex, 132 characters
   */
  public String signPersonalMessage(byte[] message) {
    return Secp256k1.sign(PersonalMessage.hash(message), privateKey, publicKey).toHex();
  }

  /**
   * Signs a 32-byte digest as Ethereum does (RFC 6979, low s, recovery id 0 or 1); transactions are
   * signed this way over the keccak-256 of their signing payload.
   *
   * @throws IllegalArgumentException if {@code digest} is not 32 bytes
   */
  public Signature signDigest(byte[] digest) {
    if (digest == null || digest.length != 32) {
      throw new IllegalArgumentException("a digest to sign must be 32 bytes");
    }
    return Secp256k1.sign(digest, privateKey, publicKey);
  }

  /**
   * The password for {@code seed}: web3.js {@code account.sign(seed).signature}, with web3.js's
   * reading of the seed ({@link PersonalMessage#bytesOf}). Use {@link SeedPolicy#seedFor} first to
   * make the seed per-token.
   *
   * @throws SeedRejectedException if web3.js would refuse the seed
   */
  public String derivePassword(String seed) {
    return signPersonalMessage(PersonalMessage.bytesOf(seed));
  }

  /**
   * The EIP-55 address whose key signed {@code message} as a personal message, as web3.js {@code
   * accounts.recover} finds it. Any s in [1, n − 1] is accepted, as {@code ecrecover} does.
   *
   * @throws InvalidSignatureException if {@code signature} is malformed or fits no key
   */
  public static String recover(byte[] message, String signature) {
    Signature parsed = Signature.fromHex(signature);
    ECPoint signer =
        Secp256k1.recover(
            PersonalMessage.hash(message), parsed.r(), parsed.s(), parsed.recoveryId());
    if (signer == null) {
      throw new InvalidSignatureException("no public key fits this signature");
    }
    return Secp256k1.address(signer);
  }

  /**
   * The EIP-55 address whose key signed the 32-byte {@code digest} with {@code signature}.
   *
   * @throws InvalidSignatureException if no public key fits
   */
  public static String recoverDigest(byte[] digest, Signature signature) {
    ECPoint signer =
        Secp256k1.recover(digest, signature.r(), signature.s(), signature.recoveryId());
    if (signer == null) {
      throw new InvalidSignatureException("no public key fits this signature");
    }
    return Secp256k1.address(signer);
  }

  /** Shows the address only, never the key. */
  @Override
  public String toString() {
    return "Wallet[" + address + "]";
  }
}
