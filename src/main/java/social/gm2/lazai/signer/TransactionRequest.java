package social.gm2.lazai.signer;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A transaction to sign, complete: the nonce and the fees are already chosen (the durable sender
 * chooses them and stores the signed bytes before it broadcasts). Two types: {@link Type#LEGACY}
 * with an EIP-155 chain id, which is what the sender writes today, and {@link Type#EIP1559}.
 *
 * @param type the envelope
 * @param chainId the chain the signature is valid on
 * @param nonce the sender's nonce
 * @param gasLimit the gas limit
 * @param to the recipient or contract, {@code 0x} + 40 hex digits (kept lower-case)
 * @param value wei
 * @param data calldata, {@code 0x}-prefixed hex (kept lower-case)
 * @param gasPrice legacy only: wei per gas
 * @param maxPriorityFeePerGas EIP-1559 only: the tip
 * @param maxFeePerGas EIP-1559 only: the most per gas, base fee included
 */
public record TransactionRequest(
    Type type,
    long chainId,
    long nonce,
    BigInteger gasLimit,
    String to,
    BigInteger value,
    String data,
    BigInteger gasPrice,
    BigInteger maxPriorityFeePerGas,
    BigInteger maxFeePerGas) {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern HEX = Pattern.compile("0x([0-9a-fA-F]{2})*");

  /** The transaction envelope. */
  public enum Type {
    /** Type 0 with an EIP-155 chain id in v. */
    LEGACY,
    /** Type 2: {@code 0x02 ‖ rlp([...])} with the two fee fields. */
    EIP1559
  }

  public TransactionRequest {
    Objects.requireNonNull(type, "type");
    if (chainId <= 0 || nonce < 0) {
      throw new IllegalArgumentException("a transaction needs a positive chain id and a nonce ≥ 0");
    }
    if (to == null || !ADDRESS.matcher(to).matches()) {
      throw new IllegalArgumentException("a transaction's recipient must be 0x + 40 hex digits");
    }
    to = to.toLowerCase(Locale.ROOT);
    value = value == null ? BigInteger.ZERO : value;
    data = data == null || data.isEmpty() ? "0x" : data.toLowerCase(Locale.ROOT);
    if (!HEX.matcher(data).matches()) {
      throw new IllegalArgumentException("a transaction's data must be 0x-prefixed whole bytes");
    }
    requireNonNegative(gasLimit, "gas limit");
    requireNonNegative(value, "value");
    boolean legacy = type == Type.LEGACY;
    if (legacy != (gasPrice != null)
        || legacy == (maxFeePerGas != null)
        || legacy == (maxPriorityFeePerGas != null)) {
      throw new IllegalArgumentException(
          "a legacy transaction has a gas price only, an EIP-1559 one both fee caps only");
    }
    if (legacy) {
      requireNonNegative(gasPrice, "gas price");
    } else {
      requireNonNegative(maxFeePerGas, "max fee per gas");
      requireNonNegative(maxPriorityFeePerGas, "max priority fee per gas");
    }
  }

  /** A type-0 transaction with an EIP-155 chain id, as the durable sender writes them. */
  public static TransactionRequest legacy(
      long chainId,
      long nonce,
      BigInteger gasPrice,
      BigInteger gasLimit,
      String to,
      BigInteger value,
      String data) {
    return new TransactionRequest(
        Type.LEGACY, chainId, nonce, gasLimit, to, value, data, gasPrice, null, null);
  }

  /** A type-2 (EIP-1559) transaction with an empty access list. */
  public static TransactionRequest eip1559(
      long chainId,
      long nonce,
      BigInteger maxPriorityFeePerGas,
      BigInteger maxFeePerGas,
      BigInteger gasLimit,
      String to,
      BigInteger value,
      String data) {
    return new TransactionRequest(
        Type.EIP1559,
        chainId,
        nonce,
        gasLimit,
        to,
        value,
        data,
        null,
        maxPriorityFeePerGas,
        maxFeePerGas);
  }

  public byte[] dataBytes() {
    return HexFormat.of().parseHex(data.substring(2));
  }

  private static void requireNonNegative(BigInteger value, String what) {
    if (value == null || value.signum() < 0) {
      throw new IllegalArgumentException("a transaction's " + what + " must be set and ≥ 0");
    }
  }
}
