package social.gm2.lazai.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeUrlPolicyTest {
  private final NodeUrlPolicy strict = new NodeUrlPolicy(List.of());
  private final NodeUrlPolicy devnet = new NodeUrlPolicy(List.of("127.0.0.0/8", "::1/128"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8000/proof",
        "http://localhost:8000",
        "http://10.1.2.3",
        "http://172.16.0.1",
        "http://192.168.1.10",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1",
        "http://0.0.0.0",
        "http://[::1]:8000",
        "http://[fd00::1]",
        "http://[fe80::1]"
      })
  void internalAddressesAreRefusedByDefault(String url) {
    assertThatThrownBy(() -> strict.check(url))
        .isInstanceOf(ForbiddenNodeUrlException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("internal address")
        .satisfies(e -> assertThat(((ForbiddenNodeUrlException) e).retryable()).isFalse());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ftp://8.8.8.8/x", "file:///etc/passwd", "javascript:alert(1)", "", "no scheme"})
  void onlyHttpUrlsWithAHostAreCalled(String url) {
    assertThatThrownBy(() -> strict.check(url)).isInstanceOf(ForbiddenNodeUrlException.class);
  }

  @Test
  void publicAddressesPass() {
    assertThat(strict.check("https://8.8.8.8:8443/proof")).hasHost("8.8.8.8");
    assertThat(strict.check("http://[2001:4860:4860::8888]/")).hasPort(-1);
  }

  @Test
  void anAllowedNetworkMayBeCalled() {
    assertThat(devnet.check("http://127.0.0.1:8000").getPort()).isEqualTo(8000);
    assertThat(devnet.check("http://[::1]:8000").getPort()).isEqualTo(8000);
    assertThatThrownBy(() -> devnet.check("http://10.0.0.1"))
        .isInstanceOf(ForbiddenNodeUrlException.class);
  }

  @Test
  void aMalformedNetworkIsRefusedByName() {
    assertThatThrownBy(() -> new NodeUrlPolicy(List.of("127.0.0.0/33")))
        .hasMessageContaining("'127.0.0.0/33' is not a network in CIDR form");
    assertThatThrownBy(() -> new NodeUrlPolicy(List.of("example.com/8")))
        .hasMessageContaining("is not a network in CIDR form");
  }
}
