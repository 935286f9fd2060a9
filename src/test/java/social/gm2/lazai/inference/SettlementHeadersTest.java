package social.gm2.lazai.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import social.gm2.lazai.crypto.PersonalMessage;
import social.gm2.lazai.crypto.Wallet;
import social.gm2.lazai.signer.SignedTransaction;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.signer.SignerException;
import social.gm2.lazai.signer.TransactionRequest;
import social.gm2.lazai.signer.key.KeySigner;
import social.gm2.lazai.support.VectorFiles;
import tools.jackson.databind.JsonNode;

/**
 * The settlement headers are what alith 0.12.3's {@code Client.getRequestHeaders} returns, byte for
 * byte, for every case of the shared vectors (lazai-protocol §9).
 */
class SettlementHeadersTest {
  private static final JsonNode VECTORS = VectorFiles.read("settlement-headers.json");
  private static final String KEY_11 = "0x" + "11".repeat(32);
  private static final String NODE = "0xc3e98E8A9aACFc9ff7578C2F3BA48CA4477Ecf49";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-06T16:00:00Z"), ZoneOffset.UTC);

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    JsonNode all = VECTORS.get("cases");
    for (int i = 0; i < all.size(); i++) {
      JsonNode c = all.get(i);
      cases.add(Arguments.of(i + ": " + c.get("note").asString(), c));
    }
    return cases.stream();
  }

  @Test
  void theVectorFileHasItsFiveCases() {
    assertThat(VECTORS.get("cases").size()).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCaseIsReproducedByteForByte(String name, JsonNode c) {
    Signer wallet = KeySigner.of(text(c, "userPrivateKey"), "test key");
    SettlementHeaders headers = new SettlementHeaders(wallet, nonces(CLOCK));
    BigInteger nonce = new BigInteger(text(c, "nonce"));
    JsonNode fileId = c.get("fileId");
    BigInteger file = fileId.isNull() ? null : new BigInteger(fileId.asString());

    RequestHeaders made = headers.create(text(c, "nodeAddress"), file, nonce);

    byte[] encoded = SettlementHeaders.encode(nonce, wallet.address(), text(c, "nodeAddress"));
    assertThat(hex(encoded)).isEqualTo(text(c, "encodedHex"));
    assertThat(hex(PersonalMessage.keccak256(encoded))).isEqualTo(text(c, "keccakHex"));
    assertThat(hex(PersonalMessage.hash(PersonalMessage.keccak256(encoded))))
        .isEqualTo(text(c, "ethSignedMessageHash"));
    assertThat(made.user()).isEqualTo(text(c, "userAddress"));
    assertThat(made.signature()).isEqualTo(text(c, "signature"));
    Map<String, String> expected = new LinkedHashMap<>();
    c.get("headers").properties().forEach(e -> expected.put(e.getKey(), e.getValue().asString()));
    assertThat(made.asMap()).containsExactlyEntriesOf(expected);
  }

  @Test
  void freshHeadersCarryAnIncreasingAlithSizedNonceAndStillVerify() {
    Signer wallet = KeySigner.of(KEY_11, "test key");
    SettlementHeaders headers = new SettlementHeaders(wallet, nonces(CLOCK));

    RequestHeaders first = headers.create(NODE, BigInteger.valueOf(7));
    RequestHeaders second = headers.create(NODE, BigInteger.valueOf(7));

    BigInteger base = BigInteger.valueOf(CLOCK.millis()).multiply(BigInteger.valueOf(100_000));
    assertThat(first.nonce()).isBetween(base, base.add(BigInteger.valueOf(99_999)));
    assertThat(second.nonce()).isGreaterThan(first.nonce());
    assertThat(second.signature()).isNotEqualTo(first.signature());
    byte[] digest =
        PersonalMessage.keccak256(SettlementHeaders.encode(second.nonce(), wallet.address(), NODE));
    assertThat(Wallet.recover(digest, second.signature())).isEqualTo(wallet.address());
    assertThat(second.asMap()).containsEntry(RequestHeaders.FILE_ID, "7");
  }

  @Test
  void aNonceIsAboveTheAccountNonceOnChainEvenWhenTheClockIsBehindIt() {
    SettlementHeaders headers =
        new SettlementHeaders(KeySigner.of(KEY_11, "test key"), nonces(CLOCK));
    BigInteger onChain = BigInteger.TEN.pow(30);

    RequestHeaders made = headers.createAbove(NODE, null, onChain);

    assertThat(made.nonce()).isEqualTo(onChain.add(BigInteger.ONE));
    assertThat(headers.create(NODE, null).nonce()).isGreaterThan(made.nonce());
    assertThatThrownBy(() -> headers.createAbove(NODE, null, BigInteger.valueOf(-1)))
        .isInstanceOf(SettlementRequestException.class)
        .hasMessageContaining("account nonce");
    assertThatThrownBy(() -> headers.createAbove(NODE, null, Uint256.MAX))
        .isInstanceOf(SettlementRequestException.class)
        .hasMessageContaining("maximum");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0xc3e98E8A9aACFc9ff7578C2F3BA48CA4477Ecf4",
        "c3e98E8A9aACFc9ff7578C2F3BA48CA4477Ecf49a1",
        "0xC3e98E8A9aACFc9ff7578C2F3BA48CA4477Ecf49",
        "0xg3e98e8a9aacfc9ff7578c2f3ba48ca4477ecf49",
        "0x0000000000000000000000000000000000000000"
      })
  void aBadNodeAddressIsRefusedByName(String node) {
    SettlementHeaders headers =
        new SettlementHeaders(KeySigner.of(KEY_11, "test key"), nonces(CLOCK));

    assertThatThrownBy(() -> headers.create(node, null))
        .isInstanceOf(SettlementRequestException.class)
        .hasMessageContaining("node address");
  }

  @Test
  void aNegativeOrOversizedFileIdOrNonceIsRefused() {
    SettlementHeaders headers =
        new SettlementHeaders(KeySigner.of(KEY_11, "test key"), nonces(CLOCK));

    assertThatThrownBy(() -> headers.create(NODE, BigInteger.valueOf(-1)))
        .isInstanceOf(SettlementRequestException.class)
        .hasMessageContaining("file id");
    assertThatThrownBy(() -> headers.create(NODE, Uint256.MAX.add(BigInteger.ONE)))
        .isInstanceOf(SettlementRequestException.class)
        .hasMessageContaining("file id");
    assertThatThrownBy(() -> headers.create(NODE, null, BigInteger.valueOf(-1)))
        .isInstanceOf(SettlementRequestException.class)
        .hasMessageContaining("nonce");
    assertThatThrownBy(() -> headers.create(NODE, null, null))
        .isInstanceOf(SettlementRequestException.class)
        .hasMessageContaining("nonce");
    assertThatThrownBy(() -> headers.create(null, null))
        .isInstanceOf(SettlementRequestException.class)
        .hasMessageContaining("node address is required");
  }

  @Test
  void aWalletThatSignsWithAnotherKeyIsCaughtBeforeTheNodeRefusesIt() {
    Signer honest = KeySigner.of(KEY_11, "test key");
    Signer other = KeySigner.of("0x" + "22".repeat(32), "other key");
    Signer lying =
        new Signer() {
          @Override
          public String address() {
            return honest.address();
          }

          @Override
          public String signPersonalMessage(byte[] message) {
            return other.signPersonalMessage(message);
          }

          @Override
          public SignedTransaction signTransaction(TransactionRequest request) {
            throw new UnsupportedOperationException();
          }
        };
    SettlementHeaders headers = new SettlementHeaders(lying, nonces(CLOCK));

    assertThatThrownBy(() -> headers.create(NODE, null))
        .isInstanceOf(SignerException.class)
        .hasMessageContaining(other.address())
        .hasMessageContaining(honest.address());
  }

  private static SettlementNonces nonces(Clock clock) {
    return new SettlementNonces(clock, new SecureRandom());
  }

  private static String text(JsonNode c, String field) {
    return c.get(field).asString();
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
