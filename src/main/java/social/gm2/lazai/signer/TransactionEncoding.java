package social.gm2.lazai.signer;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import social.gm2.lazai.crypto.PersonalMessage;
import social.gm2.lazai.crypto.Signature;
import social.gm2.lazai.crypto.Wallet;

/**
 * The bytes of a transaction: what is signed (EIP-155 for legacy, EIP-2718/1559 for type 2), how
 * the signature is put in, and the way back from signed bytes to the transaction and its sender,
 * with which a remote signer's answer is checked before it is stored.
 */
public final class TransactionEncoding {
  private static final byte EIP1559_TYPE = 0x02;
  private static final BigInteger TWO = BigInteger.TWO;
  private static final BigInteger EIP155_OFFSET = BigInteger.valueOf(35);

  private TransactionEncoding() {}

  /** A signed transaction taken apart: what it says, and its signature. */
  public record Decoded(TransactionRequest request, Signature signature) {
    /** The address that signed it. */
    public String sender() {
      return Wallet.recoverDigest(signingHash(request), signature);
    }
  }

  /** The keccak-256 that a key signs for {@code tx}. */
  public static byte[] signingHash(TransactionRequest tx) {
    return PersonalMessage.keccak256(signingPayload(tx));
  }

  /**
   * Legacy: {@code rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])}; type 2 likewise.
   */
  public static byte[] signingPayload(TransactionRequest tx) {
    if (tx.type() == TransactionRequest.Type.LEGACY) {
      return Rlp.list(
          legacyFields(
              tx,
              Rlp.integer(BigInteger.valueOf(tx.chainId())),
              Rlp.integer(BigInteger.ZERO),
              Rlp.integer(BigInteger.ZERO)));
    }
    return typed(Rlp.list(eip1559Fields(tx)));
  }

  /** The signed bytes of {@code tx} with {@code signature} over {@link #signingHash}. */
  public static SignedTransaction encode(TransactionRequest tx, Signature signature) {
    byte[] r = Rlp.integer(signature.r());
    byte[] s = Rlp.integer(signature.s());
    if (tx.type() == TransactionRequest.Type.LEGACY) {
      BigInteger v =
          BigInteger.valueOf(tx.chainId())
              .multiply(TWO)
              .add(EIP155_OFFSET)
              .add(BigInteger.valueOf(signature.recoveryId()));
      return SignedTransaction.of(Rlp.list(legacyFields(tx, Rlp.integer(v), r, s)));
    }
    byte[] yParity = Rlp.integer(BigInteger.valueOf(signature.recoveryId()));
    byte[][] unsigned = eip1559Fields(tx);
    byte[][] fields = new byte[unsigned.length + 3][];
    System.arraycopy(unsigned, 0, fields, 0, unsigned.length);
    fields[unsigned.length] = yParity;
    fields[unsigned.length + 1] = r;
    fields[unsigned.length + 2] = s;
    return SignedTransaction.of(typed(Rlp.list(fields)));
  }

  /**
   * Takes signed bytes apart.
   *
   * @throws IllegalArgumentException if they are not a legacy EIP-155 or a type-2 transaction with
   *     an empty access list, in canonical encoding
   */
  public static Decoded decode(byte[] raw) {
    if (raw.length > 0 && raw[0] == EIP1559_TYPE) {
      return decodeEip1559(list(Rlp.decode(java.util.Arrays.copyOfRange(raw, 1, raw.length)), 12));
    }
    if (raw.length > 0 && (raw[0] & 0xff) < 0xc0) {
      throw new IllegalArgumentException(
          "transaction type 0x" + HexFormat.of().toHexDigits(raw[0]) + " is not supported");
    }
    List<Object> f = list(Rlp.decode(raw), 9);
    BigInteger v = integer(f.get(6));
    if (v.compareTo(EIP155_OFFSET) < 0) {
      throw new IllegalArgumentException("the legacy transaction has no EIP-155 chain id");
    }
    BigInteger[] chainAndParity = v.subtract(EIP155_OFFSET).divideAndRemainder(TWO);
    var request =
        TransactionRequest.legacy(
            chainAndParity[0].longValueExact(),
            integer(f.get(0)).longValueExact(),
            integer(f.get(1)),
            integer(f.get(2)),
            address(f.get(3)),
            integer(f.get(4)),
            hex(f.get(5)));
    return new Decoded(
        request,
        new Signature(integer(f.get(7)), integer(f.get(8)), chainAndParity[1].intValueExact()));
  }

  private static Decoded decodeEip1559(List<Object> f) {
    if (!(f.get(8) instanceof List<?> accessList) || !accessList.isEmpty()) {
      throw new IllegalArgumentException("the transaction carries an access list");
    }
    var request =
        TransactionRequest.eip1559(
            integer(f.get(0)).longValueExact(),
            integer(f.get(1)).longValueExact(),
            integer(f.get(2)),
            integer(f.get(3)),
            integer(f.get(4)),
            address(f.get(5)),
            integer(f.get(6)),
            hex(f.get(7)));
    return new Decoded(
        request,
        new Signature(integer(f.get(10)), integer(f.get(11)), integer(f.get(9)).intValueExact()));
  }

  private static byte[][] legacyFields(TransactionRequest tx, byte[] v, byte[] r, byte[] s) {
    return new byte[][] {
      Rlp.integer(BigInteger.valueOf(tx.nonce())),
      Rlp.integer(tx.gasPrice()),
      Rlp.integer(tx.gasLimit()),
      Rlp.bytes(HexFormat.of().parseHex(tx.to().substring(2))),
      Rlp.integer(tx.value()),
      Rlp.bytes(tx.dataBytes()),
      v,
      r,
      s
    };
  }

  private static byte[][] eip1559Fields(TransactionRequest tx) {
    return new byte[][] {
      Rlp.integer(BigInteger.valueOf(tx.chainId())),
      Rlp.integer(BigInteger.valueOf(tx.nonce())),
      Rlp.integer(tx.maxPriorityFeePerGas()),
      Rlp.integer(tx.maxFeePerGas()),
      Rlp.integer(tx.gasLimit()),
      Rlp.bytes(HexFormat.of().parseHex(tx.to().substring(2))),
      Rlp.integer(tx.value()),
      Rlp.bytes(tx.dataBytes()),
      Rlp.list()
    };
  }

  private static byte[] typed(byte[] payload) {
    byte[] out = new byte[payload.length + 1];
    out[0] = EIP1559_TYPE;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object item, int size) {
    if (!(item instanceof List<?> fields) || fields.size() != size) {
      throw new IllegalArgumentException("a transaction is an RLP list of " + size + " fields");
    }
    return (List<Object>) fields;
  }

  private static BigInteger integer(Object item) {
    byte[] bytes = string(item);
    if (bytes.length > 0 && bytes[0] == 0) {
      throw new IllegalArgumentException("an RLP integer has a leading zero");
    }
    return new BigInteger(1, bytes);
  }

  private static String address(Object item) {
    byte[] bytes = string(item);
    if (bytes.length != 20) {
      throw new IllegalArgumentException("the transaction has no 20-byte recipient");
    }
    return hex(bytes);
  }

  private static String hex(Object item) {
    return "0x" + HexFormat.of().formatHex(string(item));
  }

  private static byte[] string(Object item) {
    if (!(item instanceof byte[] bytes)) {
      throw new IllegalArgumentException("a transaction field is a list where bytes belong");
    }
    return bytes;
  }
}
