package social.gm2.lazai.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LazAI contracts deployed and wired on a {@link HardhatNode} by {@code
 * devnet/scripts/deploy.js}, with the given verified-computing nodes registered: DataRegistry,
 * VerifiedComputing, DAT, and the Settlement + AIProcess ("Inference") pair with the given
 * inference nodes registered on the Inference contract.
 */
public record DevnetDeployment(
    String dataRegistry,
    String verifiedComputing,
    String dataAnchoringToken,
    long deploymentBlock,
    String settlement,
    String inference) {

  /**
   * A node to register: its address, the URL of its /proof endpoint (or, for an inference node, its
   * base URL), its PKCS#1 public key.
   */
  public record Node(String address, String url, String publicKeyPem) {}

  public static DevnetDeployment deploy(HardhatNode chain, List<Node> nodes)
      throws IOException, InterruptedException {
    return deploy(chain, nodes, List.of(), null);
  }

  /**
   * Deploys everything, registers {@code nodes} on VerifiedComputing and {@code inferenceNodes} on
   * the Inference contract, and sets the DataRegistry's public key ({@code null}: none).
   */
  public static DevnetDeployment deploy(
      HardhatNode chain, List<Node> nodes, List<Node> inferenceNodes, String registryPublicKeyPem)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("deployment");
    List<String> command =
        new ArrayList<>(
            List.of(
                "node",
                "scripts/deploy.js",
                "--rpc",
                chain.url(),
                "--out",
                dir.resolve("deployment.json").toString()));
    for (int i = 0; i < nodes.size(); i++) {
      Path pem = Files.writeString(dir.resolve("node-" + i + ".pem"), nodes.get(i).publicKeyPem());
      command.add("--node");
      command.add(nodes.get(i).address() + "," + nodes.get(i).url() + "," + pem);
    }
    for (int i = 0; i < inferenceNodes.size(); i++) {
      Node node = inferenceNodes.get(i);
      Path pem =
          Files.writeString(dir.resolve("inference-node-" + i + ".pem"), node.publicKeyPem());
      command.add("--inference-node");
      command.add(node.address() + "," + node.url() + "," + pem);
    }
    if (registryPublicKeyPem != null) {
      Path pem = Files.writeString(dir.resolve("registry.pem"), registryPublicKeyPem);
      command.add("--registry-public-key");
      command.add(pem.toString());
    }
    Process deploy =
        new ProcessBuilder(command)
            .directory(HardhatNode.DEVNET.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(deploy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!deploy.waitFor(2, TimeUnit.MINUTES) || deploy.exitValue() != 0) {
      throw new IllegalStateException("deploy.js failed: " + output);
    }
    JsonNode json = JsonMapper.shared().readTree(dir.resolve("deployment.json").toFile());
    return new DevnetDeployment(
        json.get("dataRegistry").asString(),
        json.get("verifiedComputing").asString(),
        json.get("dataAnchoringToken").asString(),
        json.get("deploymentBlock").asLong(),
        json.get("settlement").asString(),
        json.get("inference").asString());
  }
}
