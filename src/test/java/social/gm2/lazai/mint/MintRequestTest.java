package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MintRequestTest {
  private static final String TOKEN = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
  private static final long LIMIT = 1024;

  @Test
  void aGoodRequestIsNormalised() {
    MintRequest request =
        MintRequest.of(TOKEN, " data.json ", new byte[] {1, 2, (byte) 255}, LIMIT);

    assertThat(request.tokenAddress()).isEqualTo(TOKEN.toLowerCase());
    assertThat(request.fileName()).isEqualTo("data.json");
    assertThat(request.privacyData()).containsExactly(1, 2, -1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae",
        "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        "0xzaaeb6053f3e94c9b9a09f33669435e7ef1beaed"
      })
  void aTokenMustBeAnAddressWithAValidChecksumWhenMixedCase(String token) {
    assertThatThrownBy(() -> MintRequest.of(token, "f", new byte[] {1}, LIMIT))
        .isInstanceOfSatisfying(
            InvalidMintRequestException.class,
            e -> assertThat(e.field()).isEqualTo("tokenAddress"));
  }

  @Test
  void allLowerOrAllUpperAddressesCarryNoChecksumAndPass() {
    assertThat(MintRequest.of(TOKEN.toLowerCase(), "f", new byte[] {1}, LIMIT).tokenAddress())
        .isEqualTo(TOKEN.toLowerCase());
    assertThat(
            MintRequest.of("0x" + TOKEN.substring(2).toUpperCase(), "f", new byte[] {1}, LIMIT)
                .tokenAddress())
        .isEqualTo(TOKEN.toLowerCase());
  }

  @Test
  void dataMustBeOneByteToTheLimit() {
    assertThatThrownBy(() -> MintRequest.of(TOKEN, "f", new byte[0], LIMIT))
        .hasMessage("privacyData is empty; there is nothing to mint");
    assertThatThrownBy(() -> MintRequest.of(TOKEN, "f", new byte[1025], LIMIT))
        .hasMessage("privacyData has 1025 bytes, more than the limit of 1024");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc/passwd", "a/b", "a\\b", "..", ".", "bad\nname", "nul\u0000"})
  void aFileNameMustBeAPlainName(String name) {
    assertThatThrownBy(() -> MintRequest.of(TOKEN, name, new byte[] {1}, LIMIT))
        .isInstanceOfSatisfying(
            InvalidMintRequestException.class, e -> assertThat(e.field()).isEqualTo("fileName"));
  }

  @Test
  void aFileNameHasAtMost255Characters() {
    assertThat(MintRequest.of(TOKEN, "x".repeat(255), new byte[] {1}, LIMIT).fileName())
        .hasSize(255);
    assertThatThrownBy(() -> MintRequest.of(TOKEN, "x".repeat(256), new byte[] {1}, LIMIT))
        .hasMessage("fileName has 256 characters, more than 255");
    assertThatThrownBy(() -> MintRequest.of(TOKEN, " ", new byte[] {1}, LIMIT))
        .hasMessage("fileName is required");
  }
}
