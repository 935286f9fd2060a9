package social.gm2.lazai.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestRsaKeys;

class InferenceNodeSettingsTest {
  private static final String KEY = HardhatNode.KEYS.get(1);

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("INFERENCE_NODE_RPC_URL", "http://127.0.0.1:18545");
    env.put("INFERENCE_NODE_DATA_REGISTRY", "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0");
    env.put("INFERENCE_NODE_INFERENCE", "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9");
    env.put("INFERENCE_NODE_PRIVATE_KEY", KEY);
    return env;
  }

  @Test
  void defaultsAreTheDevnetChainPort8001AndTheReferencePrice() {
    InferenceNodeSettings settings = InferenceNodeSettings.fromEnvironment(env());
    assertThat(settings.chainId()).isEqualTo(133_718);
    assertThat(settings.port()).isEqualTo(InferenceNodeSettings.DEFAULT_PORT).isEqualTo(8001);
    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.pricePerToken()).isEqualTo(BigInteger.valueOf(100));
    assertThat(settings.rsaPrivateKeyPem()).isNull();
    assertThat(settings.maintainerKey()).isNull();
    assertThat(settings.toString()).doesNotContain(KEY.substring(2));
  }

  @Test
  void theProofNodesVariablesDoNotConfigureIt() {
    Map<String, String> env = new HashMap<>();
    env.put("NODE_RPC_URL", "http://127.0.0.1:18545");
    env.put("NODE_PRIVATE_KEY", KEY);
    assertThatThrownBy(() -> InferenceNodeSettings.fromEnvironment(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("INFERENCE_NODE_");
  }

  @Test
  void theRsaKeyComesAsPemOrBase64ButNotBoth() {
    String pem = TestRsaKeys.privatePem(TestRsaKeys.generate());
    Map<String, String> base64 = env();
    base64.put(
        "INFERENCE_NODE_RSA_PRIVATE_KEY_BASE64",
        Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(InferenceNodeSettings.fromEnvironment(base64).rsaPrivateKeyPem().reveal())
        .isEqualTo(pem);
    base64.put("INFERENCE_NODE_RSA_PRIVATE_KEY", pem);
    assertThatThrownBy(() -> InferenceNodeSettings.fromEnvironment(base64))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("INFERENCE_NODE_RSA_PRIVATE_KEY")
        .hasMessageNotContaining("PRIVATE KEY-----");
  }

  @Test
  void badValuesNameTheirVariable() {
    Map<String, String> env = env();
    env.put("INFERENCE_NODE_PRICE_PER_TOKEN", "-1");
    assertThatThrownBy(() -> InferenceNodeSettings.fromEnvironment(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("INFERENCE_NODE_PRICE_PER_TOKEN");
    env.remove("INFERENCE_NODE_PRICE_PER_TOKEN");
    env.put("INFERENCE_NODE_INFERENCE", "0x1234");
    assertThatThrownBy(() -> InferenceNodeSettings.fromEnvironment(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("INFERENCE_NODE_INFERENCE");
    env.put("INFERENCE_NODE_INFERENCE", "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9");
    env.put("INFERENCE_NODE_PORT", "70000");
    assertThatThrownBy(() -> InferenceNodeSettings.fromEnvironment(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("INFERENCE_NODE_PORT");
  }
}
