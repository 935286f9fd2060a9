package social.gm2.lazai.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * Ethereum's use of secp256k1 on Bouncy Castle's lightweight API: deterministic signing as
 * web3.js/noble do it (RFC 6979 with HMAC-SHA256, low s, recovery id by trying both candidates),
 * public-key recovery (SEC1 v2 §4.1.6) and EIP-55 addresses.
 */
final class Secp256k1 {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  static final ECDomainParameters DOMAIN = new ECDomainParameters(PARAMS);

  /** The group order n: private keys and r, s lie in [1, n − 1]. */
  static final BigInteger N = DOMAIN.getN();

  private static final BigInteger HALF_N = N.shiftRight(1);
  private static final BigInteger P = DOMAIN.getCurve().getField().getCharacteristic();

  private Secp256k1() {}

  static ECPoint publicKey(BigInteger privateKey) {
    return new FixedPointCombMultiplier().multiply(DOMAIN.getG(), privateKey).normalize();
  }

  /** Signs a 32-byte hash; {@code publicKey} must belong to {@code privateKey}. */
  static Signature sign(byte[] hash, BigInteger privateKey, ECPoint publicKey) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(privateKey, DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash);
    BigInteger r = rs[0];
    BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
    for (int recoveryId = 0; recoveryId < 2; recoveryId++) {
      if (publicKey.equals(recover(hash, r, s, recoveryId))) {
        return new Signature(r, s, recoveryId);
      }
    }
    // Only if R.x ≥ n (recovery id 2 or 3), probability about 2^-127; web3.js has no v for it.
    throw new IllegalStateException("no recovery id 0 or 1 reproduces the signer's public key");
  }

  /**
   * The public key that signed {@code hash} with (r, s) and recovery id 0 or 1, or null if none
   * does. r and s must already lie in [1, n − 1].
   */
  static ECPoint recover(byte[] hash, BigInteger r, BigInteger s, int recoveryId) {
    ECPoint bigR = decompress(r, (recoveryId & 1) == 1);
    if (bigR == null) {
      return null;
    }
    BigInteger e = new BigInteger(1, hash);
    BigInteger rInverse = r.modInverse(N);
    BigInteger u1 = e.negate().mod(N).multiply(rInverse).mod(N);
    BigInteger u2 = s.multiply(rInverse).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), u1, bigR, u2).normalize();
    return q.isInfinity() ? null : q;
  }

  /** The EIP-55 address: the last 20 bytes of keccak256(x ‖ y), checksummed by letter case. */
  static String address(ECPoint publicKey) {
    byte[] uncompressed = publicKey.getEncoded(false);
    byte[] hash = PersonalMessage.keccak256(Arrays.copyOfRange(uncompressed, 1, 65));
    return Addresses.checksummed("0x" + HexFormat.of().formatHex(hash, 12, 32));
  }

  private static ECPoint decompress(BigInteger x, boolean oddY) {
    if (x.compareTo(P) >= 0) {
      return null;
    }
    byte[] encoded = new byte[33];
    encoded[0] = (byte) (oddY ? 0x03 : 0x02);
    BigIntegers.asUnsignedByteArray(x, encoded, 1, 32);
    try {
      return DOMAIN.getCurve().decodePoint(encoded);
    } catch (IllegalArgumentException notOnCurve) {
      return null;
    }
  }
}
