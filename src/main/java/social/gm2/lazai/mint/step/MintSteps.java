package social.gm2.lazai.mint.step;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.mint.FilePermissions;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.mint.MintStep;
import social.gm2.lazai.mint.MintStore;
import social.gm2.lazai.mint.ProofNode;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.storage.ContentStore;

/** The pipeline's steps, in their order, each talking to one port. */
public final class MintSteps {
  private MintSteps() {}

  /** What the steps talk to. */
  public record Ports(
      ContentStore content,
      LazaiChain chain,
      ProofNode nodes,
      Signer wallet,
      MeterRegistry meters) {}

  public static List<MintStep> of(
      Ports ports, MintStore mints, MintProperties properties, Clock clock) {
    RequestProofStep requests = new RequestProofStep(ports.chain(), mints);
    return List.of(
        new UploadStep(ports.content(), mints),
        new RegisterStep(
            ports.chain(),
            mints,
            new FilePermissions(ports.chain(), ports.wallet(), properties.grantPermission())),
        requests,
        new SubmitProofStep(
            ports.chain(),
            mints,
            ports.wallet(),
            new NodeSlots(
                ports.nodes(), properties.nodeConcurrency(), properties.nodeReadTimeout()),
            properties.wrapScheme(),
            new ProofDeadline(requests, clock, properties, ports.meters())),
        new RewardStep(ports.chain(), mints, properties.treasuryAddress()));
  }
}
