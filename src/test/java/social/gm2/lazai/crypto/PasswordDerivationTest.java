package social.gm2.lazai.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The password is web3.js {@code privateKeyToAccount(key).sign(seed).signature}; these tests hold
 * the Java derivation to the reference vectors (produced with web3.js 4.16.0) byte for byte.
 */
class PasswordDerivationTest {
  private static final JsonNode VECTORS = read("/vectors/password-derivation.json");
  private static final JsonNode EDGES = read("/vectors/password-derivation-edges.json");
  private static final String KEY_11 = "0x" + "11".repeat(32);
  private static final String ADDRESS_11 = "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A";
  private static final String DEFAULT_SEED = "Sign to retrieve your encryption key";
  private static final String N_HEX =
      "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    JsonNode all = VECTORS.get("cases");
    for (int i = 0; i < all.size(); i++) {
      JsonNode c = all.get(i);
      cases.add(Arguments.of(i + ": " + c.get("seed").asString(), c));
    }
    return cases.stream();
  }

  @Test
  void theVectorFileHasSixteenCasesAndTwoRejectedSeeds() {
    assertThat(VECTORS.get("cases").size()).isEqualTo(16);
    assertThat(VECTORS.get("rejectedSeeds").size()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCaseIsReproducedByteForByte(String name, JsonNode c) {
    Wallet wallet = Wallet.fromPrivateKey(text(c, "privateKey"));
    byte[] message = PersonalMessage.bytesOf(text(c, "seed"));
    String password = wallet.derivePassword(text(c, "seed"));

    assertThat(wallet.address()).isEqualTo(text(c, "address"));
    assertThat(hex(message)).isEqualTo(text(c, "messageBytesHex"));
    assertThat(hex(PersonalMessage.hash(message))).isEqualTo(text(c, "messageHash"));
    assertThat(password).isEqualTo(text(c, "password")).hasSize(132);
    assertThat("0x" + password.substring(2, 66)).isEqualTo(text(c, "r"));
    assertThat("0x" + password.substring(66, 130)).isEqualTo(text(c, "s"));
    assertThat("0x" + password.substring(130)).isEqualTo(text(c, "v"));
    assertThat(wallet.signPersonalMessage(message)).isEqualTo(password);
    assertThat(Wallet.recover(message, password)).isEqualTo(wallet.address());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSeedIsReadAsHexExactlyWhenWeb3jsDoes(String name, JsonNode c) {
    String seed = text(c, "seed");
    byte[] utf8 = seed.getBytes(StandardCharsets.UTF_8);
    boolean signedAsHex = !Arrays.equals(PersonalMessage.bytesOf(seed), utf8);

    assertThat(signedAsHex).isEqualTo(c.get("signedAsHexBytes").asBoolean());
  }

  @Test
  void theSpecSection4VectorHolds() {
    Wallet wallet = Wallet.fromPrivateKey(KEY_11);

    assertThat(wallet.address()).isEqualTo(ADDRESS_11);
    assertThat(hex(PersonalMessage.hash(PersonalMessage.bytesOf(DEFAULT_SEED))))
        .isEqualTo("0x962a44feb39530a07321813ad4252831f3ce7718abca7c2ca0356c3e58fc580c");
    assertThat(wallet.derivePassword(DEFAULT_SEED))
        .isEqualTo(
            "0x88f7a06e8b25ece1745add993ac65dcaf224d41631262bb6beaee26f89e6cb0b"
                + "52a87309efb43c116acd631def2f94b1fa81654bfe040bc7708a458323f868331c");
  }

  @Test
  void bothRejectedSeedsAreRefusedWithTheReason() {
    Wallet wallet = Wallet.fromPrivateKey(KEY_11);
    for (JsonNode rejected : VECTORS.get("rejectedSeeds")) {
      String seed = text(rejected, "seed");
      assertThat(rejected.get("accepted").asBoolean()).isFalse();
      assertThatThrownBy(() -> wallet.derivePassword(seed))
          .as(seed)
          .isInstanceOf(SeedRejectedException.class)
          .hasMessageStartingWith("the seed ")
          .hasMessageContaining("web3.js");
    }
    assertThat(catchThrowable(() -> PersonalMessage.bytesOf("0xabc")))
        .hasMessageContaining("odd number of digits");
    assertThat(catchThrowable(() -> PersonalMessage.bytesOf("-0x01")))
        .hasMessageContaining("negative");
  }

  static Stream<Arguments> edges() {
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode c : EDGES.get("cases")) {
      cases.add(Arguments.of(c.get("seed").asString().replace("\n", "\\n"), c));
    }
    return cases.stream();
  }

  /**
   * Beyond the shared vectors: seeds at the edges of web3.js's hex rule, with the passwords that
   * {@code interop/password-edges.js} had web3.js 4.16.0 derive ({@code PasswordEdgesIT} runs it
   * again and compares).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("edges")
  void web3jsHexRuleEdges(String name, JsonNode c) {
    Wallet wallet = Wallet.fromPrivateKey(text(EDGES, "privateKey"));
    assertThat(wallet.address()).isEqualTo(text(EDGES, "address"));
    assertThat(wallet.derivePassword(text(c, "seed"))).isEqualTo(text(c, "password"));
  }

  @Test
  void web3jsHexRuleEdgesItRefuses() {
    Wallet wallet = Wallet.fromPrivateKey(text(EDGES, "privateKey"));
    assertThat(PersonalMessage.bytesOf("0X")).isEmpty();
    assertThat(PersonalMessage.bytesOf("0XaB")).containsExactly(0xab);
    for (JsonNode c : EDGES.get("rejected")) {
      assertThat(c.get("rejected").asBoolean()).isTrue();
      assertThatThrownBy(() -> wallet.derivePassword(text(c, "seed")))
          .as(text(c, "seed"))
          .isInstanceOf(SeedRejectedException.class);
    }
  }

  @Test
  void sharedPolicySignsTheSeedAsIs() {
    assertThat(SeedPolicy.SHARED.seedFor(DEFAULT_SEED, null)).isEqualTo(DEFAULT_SEED);
    assertThat(SeedPolicy.SHARED.seedFor(DEFAULT_SEED, ADDRESS_11)).isEqualTo(DEFAULT_SEED);
  }

  @Test
  void perTokenPolicyAppendsTheLowerCasedTokenAddress() {
    Wallet wallet = Wallet.fromPrivateKey(KEY_11);
    String token = "0x87E43F24aA6CC9B0b1C5E41d6A5BA6D3a7a1bC2D";
    String seed = SeedPolicy.PER_TOKEN.seedFor(DEFAULT_SEED, token);

    assertThat(seed).isEqualTo(DEFAULT_SEED + " 0x87e43f24aa6cc9b0b1c5e41d6a5ba6d3a7a1bc2d");
    assertThat(wallet.derivePassword(seed))
        .isEqualTo(
            wallet.derivePassword(
                SeedPolicy.PER_TOKEN.seedFor(DEFAULT_SEED, token.toLowerCase(Locale.ROOT))))
        .isNotEqualTo(wallet.derivePassword(DEFAULT_SEED))
        .isNotEqualTo(
            wallet.derivePassword(
                SeedPolicy.PER_TOKEN.seedFor(DEFAULT_SEED, "0x" + "0".repeat(40))));
    // A seed that is itself hex stops being hex once the address is appended: signed as UTF-8.
    assertThat(PersonalMessage.bytesOf(SeedPolicy.PER_TOKEN.seedFor("0xabc", token)))
        .isEqualTo(("0xabc " + token.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "0x01",
        "87e43f24aa6cc9b0b1c5e41d6a5ba6d3a7a1bc2d",
        " 0x87e43f24aa6cc9b0b1c5e41d6a5ba6d3a7a1bc2d"
      })
  void perTokenPolicyRefusesWhatIsNotAnAddress(String token) {
    assertThatThrownBy(() -> SeedPolicy.PER_TOKEN.seedFor(DEFAULT_SEED, token))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> badKeys() {
    String nPlusOne = new BigInteger(N_HEX, 16).add(BigInteger.ONE).toString(16);
    return Stream.of(
        badKey("63 hex digits", "0x" + "1".repeat(63), "has 63 hex digits"),
        badKey("65 hex digits", "1".repeat(65), "has 65 hex digits"),
        badKey("empty", "", "has 0 hex digits"),
        badKey("non-hex", "0x" + "11".repeat(31) + "1g", "not hex digits"),
        badKey("address-sized", "0x" + "ab".repeat(20), "has 40 hex digits"),
        badKey("zero", "0x" + "0".repeat(64), "must not be zero"),
        badKey("n", "0x" + N_HEX, "below the secp256k1 group order"),
        badKey("n + 1", nPlusOne, "below the secp256k1 group order"),
        badKey("all ones", "f".repeat(64), "below the secp256k1 group order"));
  }

  private static Arguments badKey(String name, String key, String reason) {
    return Arguments.of(name, key, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badKeys")
  void badKeysAreRefusedWithoutEchoingThem(String name, String key, String reason) {
    assertRefused(() -> Wallet.fromPrivateKey(key), key, reason);
    String digits = key.startsWith("0x") ? key.substring(2) : key;
    if (digits.length() == 64 && digits.chars().allMatch(HexFormat::isHexDigit)) {
      assertRefused(() -> Wallet.fromPrivateKey(HexFormat.of().parseHex(digits)), key, reason);
    }
  }

  @Test
  void keyBytesMustBeThirtyTwo() {
    assertRefused(() -> Wallet.fromPrivateKey(new byte[31]), "", "has 31");
    assertRefused(() -> Wallet.fromPrivateKey(new byte[33]), "", "has 33");
    assertRefused(() -> Wallet.fromPrivateKey((byte[]) null), "", "32 bytes");
    assertRefused(() -> Wallet.fromPrivateKey((String) null), "", "required");
  }

  @Test
  void keysAreAcceptedAsHexWithOrWithoutPrefixAndAsBytes() {
    byte[] bytes = HexFormat.of().parseHex("11".repeat(32));
    String anvil = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    assertThat(Wallet.fromPrivateKey("11".repeat(32)).address()).isEqualTo(ADDRESS_11);
    assertThat(Wallet.fromPrivateKey("0x" + anvil.toUpperCase(Locale.ROOT)).address())
        .isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    Wallet fromBytes = Wallet.fromPrivateKey(bytes);
    Arrays.fill(bytes, (byte) 0); // the caller may wipe its array: the wallet keeps no reference
    assertThat(fromBytes.address()).isEqualTo(ADDRESS_11);
    assertThat(fromBytes.derivePassword(DEFAULT_SEED))
        .isEqualTo(Wallet.fromPrivateKey(KEY_11).derivePassword(DEFAULT_SEED));
  }

  @Test
  void toStringShowsTheAddressAndNeverTheKey() {
    String key = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    String shown = Wallet.fromPrivateKey(key).toString();

    assertThat(shown)
        .contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        .doesNotContainIgnoringCase(key.substring(2))
        .doesNotContainIgnoringCase(key.substring(2, 18));
  }

  @Test
  void recoverFindsTheSignerAndNobodyElse() {
    Wallet wallet = Wallet.fromPrivateKey(KEY_11);
    byte[] message = "proof".getBytes(StandardCharsets.UTF_8);
    String signature = wallet.signPersonalMessage(message);
    String zeroOneV = signature.substring(0, 130) + (signature.endsWith("1b") ? "00" : "01");

    assertThat(Wallet.recover(message, signature)).isEqualTo(ADDRESS_11);
    assertThat(Wallet.recover(message, signature.substring(2))).isEqualTo(ADDRESS_11);
    assertThat(Wallet.recover(message, zeroOneV)).isEqualTo(ADDRESS_11);
    assertThat(Wallet.recover("other".getBytes(StandardCharsets.UTF_8), signature))
        .isNotEqualTo(ADDRESS_11);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "0x1234",
        "not a signature",
      })
  void malformedSignaturesAreRefused(String signature) {
    assertThatThrownBy(() -> Wallet.recover(new byte[0], signature))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void signaturesWithBadComponentsAreRefused() {
    String valid = Wallet.fromPrivateKey(KEY_11).signPersonalMessage(new byte[0]);
    String r = valid.substring(2, 66);
    String s = valid.substring(66, 130);
    assertThatThrownBy(() -> Wallet.recover(new byte[0], "0x" + r + s + "1d"))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("v byte is 29");
    assertThatThrownBy(() -> Wallet.recover(new byte[0], "0x" + "0".repeat(64) + s + "1b"))
        .isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> Wallet.recover(new byte[0], "0x" + r + N_HEX + "1b"))
        .isInstanceOf(InvalidSignatureException.class);
    BigInteger x = BigInteger.ONE;
    byte[] hash = PersonalMessage.hash(new byte[0]);
    while (Secp256k1.recover(hash, x, new BigInteger(s, 16), 0) != null) {
      x = x.add(BigInteger.ONE);
    }
    String noPoint = "0x" + String.format("%064x", x) + s + "1b";
    assertThatThrownBy(() -> Wallet.recover(new byte[0], noPoint))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("no public key fits");
  }

  private static void assertRefused(Supplier<Wallet> attempt, String key, String reason) {
    Throwable refused = catchThrowable(attempt::get);
    assertThat(refused).isInstanceOf(InvalidPrivateKeyException.class).hasMessageContaining(reason);
    String digits = key.startsWith("0x") ? key.substring(2) : key;
    if (digits.length() >= 8) {
      assertThat(refused.getMessage())
          .doesNotContainIgnoringCase(digits)
          .doesNotContainIgnoringCase(digits.substring(0, 8));
    }
  }

  private static String text(JsonNode node, String field) {
    return node.get(field).asString();
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  private static JsonNode read(String resource) {
    try (InputStream in = PasswordDerivationTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return JsonMapper.shared().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
