package social.gm2.lazai.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.crypto.Addresses;
import social.gm2.lazai.signer.key.KeySigner;
import social.gm2.lazai.support.NodePeer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real alith 0.12.3 {@code Client.getRequestHeaders} (interop/settlement-headers.js), given the
 * same key, nonce, node and file id, returns exactly the headers the Java code makes, and alith's
 * server-side check recovers the Java signature as the user. Fresh key, nodes and nonces each run,
 * beyond the fixed vectors.
 */
class SettlementHeadersInteropIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON = JsonMapper.shared();

  @Test
  void alithMakesTheSameHeadersAndAcceptsTheJavaSignature() throws Exception {
    String key = "0x" + HexFormat.of().formatHex(randomBytes(32));
    KeySigner wallet = KeySigner.of(key, "test key");
    SettlementHeaders java =
        new SettlementHeaders(wallet, new SettlementNonces(Clock.systemUTC(), RANDOM));
    BigInteger[] fileIds = {
      null, BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(2606), Uint256.MAX
    };
    List<String> nodes = new ArrayList<>();
    List<RequestHeaders> made = new ArrayList<>();
    List<Map<String, Object>> requests = new ArrayList<>();
    for (int i = 0; i < fileIds.length; i++) {
      String hex = "0x" + HexFormat.of().formatHex(randomBytes(20));
      String node = i % 2 == 0 ? hex : Addresses.checksummed(hex);
      RequestHeaders headers = java.create(node, fileIds[i]);
      nodes.add(node);
      made.add(headers);
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("node", node);
      request.put("fileId", fileIds[i] == null ? null : fileIds[i].toString());
      request.put("nonce", headers.nonce().toString());
      request.put("javaHeaders", headers.asMap());
      requests.add(request);
    }

    JsonNode answer =
        JSON.readTree(
            NodePeer.run(
                    "settlement-headers.js",
                    Map.of("PRIVATE_KEY", key),
                    JSON.writeValueAsString(requests))
                .orThrow()
                .stdout());

    assertThat(answer.get("alith").asString()).isEqualTo("0.12.3");
    for (int i = 0; i < made.size(); i++) {
      JsonNode alith = answer.get("cases").get(i);
      Map<String, String> alithHeaders = new LinkedHashMap<>();
      alith
          .get("headers")
          .properties()
          .forEach(e -> alithHeaders.put(e.getKey(), e.getValue().asString()));
      assertThat(made.get(i).asMap()).as(nodes.get(i)).containsExactlyEntriesOf(alithHeaders);
      assertThat(alith.get("javaSigner").asString()).isEqualTo(wallet.address());
    }
    BigInteger alithNonce = new BigInteger(answer.get("freshNonce").asString());
    BigInteger javaNonce = java.create(nodes.get(0), null).nonce();
    BigInteger tenMinutes = BigInteger.valueOf(600_000L * 100_000L);
    assertThat(javaNonce.subtract(alithNonce).abs()).isLessThan(tenMinutes);
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
