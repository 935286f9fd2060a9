package social.gm2.lazai.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;
import social.gm2.lazai.signer.key.KeySigner;

/**
 * The port's own transaction encoding against web3j's (the library the sender used before): both
 * sign deterministically, so the signed bytes must be identical; and the way back (decoding and
 * recovering the sender) gives the same transaction.
 */
class TransactionEncodingTest {
  private static final String KEY =
      "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
  private static final String TO = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  private static final Credentials WEB3J = Credentials.create(KEY);
  private static final KeySigner SIGNER = KeySigner.of(KEY, "test key");

  static List<TransactionRequest> legacyCases() {
    return List.of(
        TransactionRequest.legacy(
            133_718, 0, BigInteger.ONE, BigInteger.valueOf(21_000), TO, null, "0x"),
        TransactionRequest.legacy(
            1,
            127,
            new BigInteger("1000000000000000000000"),
            BigInteger.valueOf(30_000_000),
            TO,
            new BigInteger("123456789012345678901234567890"),
            "0x" + "ab".repeat(300)),
        TransactionRequest.legacy(
            133_718,
            1_000_000,
            BigInteger.ZERO,
            BigInteger.valueOf(60_000),
            TO,
            BigInteger.ONE,
            "0x00"));
  }

  @Test
  void legacyTransactionsAreTheBytesWeb3jSigns() {
    for (TransactionRequest tx : legacyCases()) {
      RawTransaction raw =
          RawTransaction.createTransaction(
              BigInteger.valueOf(tx.nonce()),
              tx.gasPrice(),
              tx.gasLimit(),
              TO,
              tx.value(),
              tx.data());
      String expected =
          Numeric.toHexString(TransactionEncoder.signMessage(raw, tx.chainId(), WEB3J));

      SignedTransaction signed = SIGNER.signTransaction(tx);

      assertThat(signed.raw()).isEqualTo(expected);
      assertThat(signed.hash()).isEqualTo(org.web3j.crypto.Hash.sha3(expected));
      assertRoundTrip(signed, tx);
    }
  }

  @Test
  void eip1559TransactionsAreTheBytesWeb3jSigns() {
    var tx =
        TransactionRequest.eip1559(
            133_718,
            5,
            BigInteger.valueOf(1_000_000_000),
            BigInteger.valueOf(50_000_000_000L),
            BigInteger.valueOf(100_000),
            TO,
            BigInteger.TEN,
            "0xa9059cbb" + "00".repeat(64));
    RawTransaction raw =
        RawTransaction.createTransaction(
            tx.chainId(),
            BigInteger.valueOf(tx.nonce()),
            tx.gasLimit(),
            TO,
            tx.value(),
            tx.data(),
            tx.maxPriorityFeePerGas(),
            tx.maxFeePerGas());
    String expected = Numeric.toHexString(TransactionEncoder.signMessage(raw, WEB3J));

    SignedTransaction signed = SIGNER.signTransaction(tx);

    assertThat(signed.raw()).isEqualTo(expected);
    assertRoundTrip(signed, tx);
  }

  @Test
  void decodingRefusesWhatIsNotACanonicalSupportedTransaction() {
    byte[] legacy = SIGNER.signTransaction(legacyCases().get(0)).rawBytes();
    byte[] trailing = java.util.Arrays.copyOf(legacy, legacy.length + 1);
    byte[] blobType = legacy.clone();
    blobType[0] = 0x03;

    assertThatThrownBy(() -> TransactionEncoding.decode(trailing))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransactionEncoding.decode(blobType))
        .hasMessageContaining("type 0x03 is not supported");
    // A pre-EIP-155 transaction (v = 27) could be replayed on any chain.
    byte[] unprotected =
        TransactionEncoder.signMessage(
            RawTransaction.createEtherTransaction(
                BigInteger.ONE, BigInteger.ONE, BigInteger.valueOf(21_000), TO, BigInteger.ONE),
            WEB3J);
    assertThatThrownBy(() -> TransactionEncoding.decode(unprotected))
        .hasMessageContaining("no EIP-155 chain id");
  }

  @Test
  void rlpIsCanonical() {
    assertThat(HexFormat.of().formatHex(Rlp.integer(BigInteger.ZERO))).isEqualTo("80");
    assertThat(HexFormat.of().formatHex(Rlp.integer(BigInteger.valueOf(127)))).isEqualTo("7f");
    assertThat(HexFormat.of().formatHex(Rlp.integer(BigInteger.valueOf(128)))).isEqualTo("8180");
    assertThat(HexFormat.of().formatHex(Rlp.bytes(new byte[56]))).startsWith("b838");
    assertThat(HexFormat.of().formatHex(Rlp.list())).isEqualTo("c0");
    // A single byte below 0x80 written as a one-byte string is not canonical.
    assertThatThrownBy(() -> Rlp.decode(new byte[] {(byte) 0x81, 0x05}))
        .hasMessageContaining("canonical");
    // A long form used for a short length is not canonical.
    assertThatThrownBy(() -> Rlp.decode(new byte[] {(byte) 0xb8, 0x01, 0x05}))
        .hasMessageContaining("canonical");
  }

  @Test
  void aRequestRefusesMixedFeeFieldsAndMalformedValues() {
    assertThatThrownBy(
            () ->
                new TransactionRequest(
                    TransactionRequest.Type.LEGACY,
                    1,
                    0,
                    BigInteger.ONE,
                    TO,
                    null,
                    null,
                    BigInteger.ONE,
                    BigInteger.ONE,
                    null))
        .hasMessageContaining("gas price only");
    assertThatThrownBy(
            () ->
                TransactionRequest.legacy(1, 0, BigInteger.ONE, BigInteger.ONE, "0x12", null, null))
        .hasMessageContaining("recipient");
    assertThatThrownBy(
            () ->
                TransactionRequest.legacy(1, 0, BigInteger.ONE, BigInteger.ONE, TO, null, "0xabc"))
        .hasMessageContaining("whole bytes");
  }

  private static void assertRoundTrip(SignedTransaction signed, TransactionRequest tx) {
    TransactionEncoding.Decoded decoded = TransactionEncoding.decode(signed.rawBytes());
    assertThat(decoded.request()).isEqualTo(tx);
    assertThat(decoded.sender()).isEqualTo(SIGNER.address());
    assertThat(decoded.sender()).isEqualToIgnoringCase(WEB3J.getAddress());
  }
}
