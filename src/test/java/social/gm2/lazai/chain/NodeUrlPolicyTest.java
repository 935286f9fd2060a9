package social.gm2.lazai.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
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
        "http://[fe80::1]",
        // "this network" 0.0.0.0/8, benchmarking 198.18.0.0/15, reserved 240.0.0.0/4 + broadcast
        "http://0.1.2.3",
        "http://198.18.0.1",
        "http://198.19.255.255",
        "http://240.0.0.1",
        "http://255.255.255.255",
        // documentation, IETF protocol assignments, 6to4 relay anycast, multicast
        "http://192.0.2.1",
        "http://198.51.100.7",
        "http://203.0.113.9",
        "http://192.0.0.8",
        "http://192.88.99.1",
        "http://224.0.0.1",
        "http://239.255.255.250",
        "http://[2001:db8::1]",
        "http://[3fff::1]",
        // IPv6 unspecified, discard-only, site-local, multicast, local-use NAT64, Teredo
        "http://[::]",
        "http://[100::1]",
        "http://[fec0::1]",
        "http://[ff02::1]",
        "http://[64:ff9b:1::a00:1]",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
        // IPv4 embedded in IPv6: mapped, compatible, NAT64, 6to4 — judged by the IPv4 address
        "http://[::ffff:127.0.0.1]",
        "http://[::ffff:169.254.169.254]",
        "http://[::127.0.0.1]",
        "http://[::10.0.0.1]",
        "http://[64:ff9b::a00:1]",
        "http://[64:ff9b::7f00:1]",
        "http://[64:ff9b::a9fe:a9fe]",
        "http://[2002:a00:1::1]",
        "http://[2002:7f00:1::]",
        "http://[2002:c0a8:101::1]"
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://8.8.8.8:8443/proof",
        "http://1.1.1.1",
        "http://198.20.0.1",
        "http://223.255.255.255",
        "http://100.128.0.1",
        "http://[2001:4860:4860::8888]/",
        "http://[::ffff:8.8.8.8]",
        "http://[::8.8.8.8]",
        "http://[64:ff9b::808:808]",
        "http://[2002:808:808::1]",
        "http://[2001:1::1]"
      })
  void publicAddressesPass(String url) {
    assertThat(strict.check(url).toString()).isEqualTo(url);
  }

  @Test
  void resolveReturnsTheAddressesItChecked() throws Exception {
    NodeUrlPolicy.Target target = strict.resolve("https://8.8.8.8:8443/proof");
    assertThat(target.uri().getPort()).isEqualTo(8443);
    assertThat(target.addresses()).containsExactly(InetAddress.getByName("8.8.8.8"));
    NodeUrlPolicy.Target local = devnet.resolve("http://localhost:8000");
    assertThat(local.addresses()).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
    assertThatThrownBy(() -> strict.resolve("http://localhost:8000"))
        .isInstanceOf(ForbiddenNodeUrlException.class);
  }

  @Test
  void anAllowedNetworkAlsoCoversItsAddressesEmbeddedInIpv6() {
    assertThat(devnet.check("http://[::ffff:127.0.0.1]:8000").getPort()).isEqualTo(8000);
    assertThat(devnet.check("http://[64:ff9b::7f00:1]:8000").getPort()).isEqualTo(8000);
    assertThatThrownBy(() -> devnet.check("http://[64:ff9b::a00:1]"))
        .isInstanceOf(ForbiddenNodeUrlException.class);
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
