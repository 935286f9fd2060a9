package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.config.Secret;

class ApiKeysTest {
  private static final String KEY = "k3y-0123456789abcdef";
  private static final String OTHER = "other-key-fedcba9876543210";

  @Test
  void onlyAConfiguredKeyMatches() {
    ApiKeys keys = new ApiKeys(List.of(Secret.valueOf(KEY), Secret.valueOf(OTHER)));

    assertThat(keys.configured()).isTrue();
    assertThat(keys.matches(KEY)).isTrue();
    assertThat(keys.matches(OTHER)).isTrue();
    assertThat(keys.matches(KEY.substring(0, KEY.length() - 1))).isFalse();
    assertThat(keys.matches(KEY + "x")).isFalse();
    assertThat(keys.matches(KEY.toUpperCase())).isFalse();
    assertThat(keys.matches("")).isFalse();
    assertThat(keys.matches(null)).isFalse();
  }

  @Test
  void aCommaSeparatedSettingBindsToSeveralKeys() {
    var source =
        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
            java.util.Map.of("lazai.api.keys", KEY + "," + OTHER));
    ApiProperties properties =
        new org.springframework.boot.context.properties.bind.Binder(source)
            .bind("lazai.api", ApiProperties.class)
            .get();

    ApiKeys keys = new ApiKeys(properties.keys());
    assertThat(properties.keys()).hasSize(2);
    assertThat(keys.matches(KEY)).isTrue();
    assertThat(keys.matches(OTHER)).isTrue();
  }

  @Test
  void withoutKeysNothingMatches() {
    ApiKeys keys = new ApiKeys(List.of());

    assertThat(keys.configured()).isFalse();
    assertThat(keys.matches(KEY)).isFalse();
  }

  @Test
  void neitherTheKeysNorTheirSettingsPrintTheKeys() {
    var properties = new ApiProperties(List.of(Secret.valueOf(KEY)), null, null);

    assertThat(new ApiKeys(properties.keys()).toString()).doesNotContain(KEY);
    assertThat(properties.toString()).doesNotContain(KEY).contains("1 configured");
  }

  @Test
  void aShortKeyIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> new ApiProperties(List.of(Secret.valueOf("short-key")), null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("lazai.api.keys[0]")
        .hasMessageNotContaining("short-key");
  }

  @Test
  void theExplorerDefaultsToTheLazaiTestnetAndMustBeAnHttpUrl() {
    assertThat(new ApiProperties(null, null, null).txUrl("0x1"))
        .isEqualTo("https://testnet-explorer.lazai.network/tx/0x1");
    assertThat(new ApiProperties(null, "https://explorer.example/", null).txUrl("0x1"))
        .isEqualTo("https://explorer.example/tx/0x1");
    assertThatThrownBy(() -> new ApiProperties(null, "javascript:alert(1)", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("lazai.api.explorer-url");
  }

  @Test
  void noneOrAnEmptyExplorerMeansNoExplorerLinks() {
    for (String none : List.of("none", "NONE", "", "  ")) {
      ApiProperties api = new ApiProperties(null, none, null);
      assertThat(api.hasExplorer()).as(none).isFalse();
      assertThat(api.txUrl("0x1")).as(none).isNull();
      assertThat(api.toString()).contains("explorerUrl=none");
    }
    assertThat(new ApiProperties(null, null, null).hasExplorer()).isTrue();
  }
}
