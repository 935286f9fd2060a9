package social.gm2.lazai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.support.HardhatNode;

/**
 * The devnet is what it claims to be: its committed artifacts are what the pinned solc makes of its
 * contracts, its ABIs carry every selector, topic and error of the reference vectors, its contracts
 * pass their behaviour assertions ({@code scripts/test-contracts.js}: reverts, round robin,
 * rewards, the §8 signature, Settlement/AIProcess), alith 0.12.3's own Settlement and AIProcess
 * ABIs match ours ({@code scripts/check-alith-abi.js}), and the real alith 0.12.3 {@code Client}
 * runs the whole DAT flow against it.
 */
class DevnetArtifactsIT {

  @Test
  void recompilingTheContractsReproducesTheCommittedArtifacts() throws Exception {
    assertSucceeds("node", "scripts/compile.js", "--check");
  }

  @Test
  void theAbisMatchTheReferenceVectors() throws Exception {
    assertSucceeds("node", "scripts/check-abi.js", "--quiet");
  }

  @Test
  void alithsOwnSettlementAndInferenceAbisDecodeOurContracts() throws Exception {
    String output = assertSucceeds("node", "scripts/check-alith-abi.js", "--quiet");
    assertThat(output).containsPattern("check-alith-abi: [0-9]+ ok, 0 mismatch");
  }

  @Test
  void theContractsBehaveAsTheProtocolSays() throws Exception {
    String output = assertSucceeds("node", "scripts/test-contracts.js");
    assertThat(output).containsPattern("test-contracts: [0-9]+ passed, 0 failed");
  }

  @Test
  void alithsOwnClientMintsADatOnTheDevnet() throws Exception {
    String output = assertSucceeds("bash", "scripts/sdk-compat.sh");
    assertThat(output).contains("\"tokenId\"");
  }

  private static String assertSucceeds(String... command) throws Exception {
    Process process =
        new ProcessBuilder(List.of(command))
            .directory(HardhatNode.DEVNET.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished").isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }
}
