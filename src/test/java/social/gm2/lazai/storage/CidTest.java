package social.gm2.lazai.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidTest {
  private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
  private static final String HELLO_V1 =
      "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
  private static final String HELLO_SHA256 =
      "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";

  @Test
  void aV0CidIsDagPbInBase58() {
    Cid cid = Cid.parse(HELLO_V0);

    assertThat(cid.version()).isZero();
    assertThat(cid.codec()).isEqualTo(Cid.DAG_PB);
    assertThat(cid.bytes()).hasSize(34).startsWith(0x12, 0x20);
    assertThat(Cid.v0(cid.digest())).isEqualTo(cid);
    assertThat(cid).hasToString(HELLO_V0);
  }

  @Test
  void aRawV1CidNamesTheSha256OfTheBytes() {
    Cid cid = Cid.parse(HELLO_V1);

    assertThat(cid.version()).isEqualTo(1);
    assertThat(cid.codec()).isEqualTo(Cid.RAW);
    assertThat(HexFormat.of().formatHex(cid.digest())).isEqualTo(HELLO_SHA256);
    assertThat(Cid.v1(Cid.RAW, HexFormat.of().parseHex(HELLO_SHA256))).isEqualTo(cid);
    assertThat(cid.bytes()).hasSize(36).startsWith(0x01, 0x55, 0x12, 0x20);
  }

  @Test
  void upperCaseBase32IsCanonicalisedAndSpacesStripped() {
    assertThat(Cid.parse(" " + HELLO_V1.toUpperCase() + "\n")).isEqualTo(Cid.parse(HELLO_V1));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "hello | a CIDv0 starts with 'Qm'",
        "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA | other multibases are not accepted",
        "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5 | a sha2-256 multihash, the only hash used here, has 34",
        "Qm0000 | '0' at index 2 is not a base58btc character",
        "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2deve1 | not a base32 character",
        "bafyreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4 | codec is not raw",
        "bajkq | only CID versions 0 and 1 exist",
      })
  void malformedCidsAreRefusedWithTheReason(String text, String reason) {
    assertThatThrownBy(() -> Cid.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + text + "' is not a CID: ")
        .hasMessageContaining(reason);
  }

  @Test
  void aMissingCidIsRefused() {
    assertThatThrownBy(() -> Cid.parse(" ")).hasMessage("a CID is required");
  }
}
