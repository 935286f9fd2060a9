package social.gm2.lazai.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.config.LocalDevnet;
import social.gm2.lazai.storage.StorageProperties.Provider;

/** The store is chosen by settings, never by a missing IPFS_JWT, outside the local devnet. */
class StorageChoiceTest {
  private static final String PUBLIC = "https://files.example.com";

  @Test
  void withIpfsJwtPinataEverywhere() {
    for (boolean production : new boolean[] {true, false}) {
      for (boolean devnet : new boolean[] {true, false}) {
        assertThat(StorageChoice.choose(null, true, null, production, devnet))
            .isEqualTo(Provider.PINATA);
      }
    }
  }

  @Test
  void theDevnetKeepsItsLocalDefault() {
    assertThat(StorageChoice.choose(null, false, null, false, true)).isEqualTo(Provider.LOCAL);
    assertThat(StorageChoice.choose(Provider.LOCAL, false, null, false, true))
        .isEqualTo(Provider.LOCAL);
    assertThat(StorageChoice.choose(Provider.LOCAL, false, "http://127.0.0.1:3003", false, true))
        .isEqualTo(Provider.LOCAL);
  }

  @Test
  void withoutIpfsJwtProductionOrARealChainRefusesToStart() {
    assertThatThrownBy(() -> StorageChoice.choose(null, false, null, true, false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("IPFS_JWT")
        .hasMessageContaining("APP_ENV=production");
    assertThatThrownBy(() -> StorageChoice.choose(null, false, null, false, false))
        .hasMessageContaining("IPFS_JWT")
        .hasMessageContaining("a chain other than the local devnet");
    // Production wins over a loopback chain.
    assertThatThrownBy(() -> StorageChoice.choose(null, false, null, true, true))
        .hasMessageContaining("IPFS_JWT");
  }

  @Test
  void anExplicitLocalStoreNeedsAPublicBaseUrl() {
    assertThat(StorageChoice.choose(Provider.LOCAL, false, PUBLIC, true, false))
        .isEqualTo(Provider.LOCAL);
    assertThat(StorageChoice.choose(Provider.LOCAL, false, "http://203.0.114.7:8080", false, false))
        .isEqualTo(Provider.LOCAL);
    assertThatThrownBy(() -> StorageChoice.choose(Provider.LOCAL, false, null, true, false))
        .hasMessageContaining("IPFS_JWT")
        .hasMessageContaining("public-base-url");
    // Chosen over a JWT, the local store needs its public URL all the same.
    assertThatThrownBy(() -> StorageChoice.choose(Provider.LOCAL, true, null, false, false))
        .hasMessageContaining("IPFS_JWT (lazai.storage.pinata.jwt) is set, but")
        .hasMessageContaining("public-base-url");
    for (String internal :
        new String[] {
          "http://127.0.0.1:3003",
          "http://localhost:3003",
          "http://[::1]:3003",
          "http://169.254.169.254",
          "http://[fe80::1]",
          "http://10.1.2.3",
          "http://172.16.0.9",
          "http://192.168.1.20:3003",
          "http://100.64.0.1",
          "http://[fd00::5]",
          "http://0.0.0.0"
        }) {
      assertThatThrownBy(() -> StorageChoice.choose(Provider.LOCAL, false, internal, true, false))
          .as(internal)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("IPFS_JWT")
          .hasMessageContaining("public-base-url");
    }
  }

  @Test
  void theDevnetIsALoopbackRpcOutsideProduction() {
    assertThat(LocalDevnet.is(null, "development", "http://127.0.0.1:18545")).isTrue();
    assertThat(LocalDevnet.is(null, null, "http://localhost:8545")).isTrue();
    assertThat(LocalDevnet.is(null, "production", "http://127.0.0.1:18545")).isFalse();
    assertThat(LocalDevnet.is(null, null, "https://testnet.lazai.network")).isFalse();
    assertThat(LocalDevnet.is(null, null, "http://10.0.0.5:8545")).isFalse();
    assertThat(LocalDevnet.is("false", null, "http://127.0.0.1:8545")).isFalse();
    assertThat(LocalDevnet.is("true", null, "https://testnet.lazai.network")).isTrue();
    assertThatThrownBy(() -> LocalDevnet.is("maybe", null, null))
        .hasMessageContaining("lazai.chain.devnet");
  }
}
