package social.gm2.lazai.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.utils.Numeric;
import social.gm2.lazai.chain.ContractError;
import social.gm2.lazai.chain.ContractRevertException;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.crypto.PersonalMessage;
import social.gm2.lazai.crypto.Wallet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /proof} of the reference verified-computing node (lazai-protocol §8), minus the TEE:
 * score the file, then {@code completeJob}, a signed {@code addProof} and {@code claim}, each mined
 * before the next and all before answering, because the service reads the chain as soon as it gets
 * the 200. Answers and errors have the reference's shapes so that the service is tested against
 * what it will meet; unlike the reference, error messages name the request by its ids only, never
 * its key or seed.
 */
final class ProofHandler {
  private static final Logger log = LoggerFactory.getLogger(ProofHandler.class);

  /** An HTTP status and JSON body to send back. */
  record Answer(int status, JsonNode body) {}

  private final JsonMapper json;
  private final SimulatedNodeSettings.Knobs knobs;
  private final FileScorer scorer;
  private final NodeSender sender;
  private final Wallet wallet;
  private final VerifiedComputing verifiedComputing;
  private final DataRegistry registry;

  ProofHandler(
      JsonMapper json,
      SimulatedNodeSettings.Knobs knobs,
      FileScorer scorer,
      NodeSender sender,
      Wallet wallet,
      VerifiedComputing verifiedComputing,
      DataRegistry registry) {
    this.json = json;
    this.knobs = knobs;
    this.scorer = scorer;
    this.sender = sender;
    this.wallet = wallet;
    this.verifiedComputing = verifiedComputing;
    this.registry = registry;
  }

  Answer handle(byte[] body) throws InterruptedException {
    ProofRequestBody request;
    try {
      request = ProofRequestBody.parse(json, body);
    } catch (ProofRequestBody.InvalidBodyException e) {
      ObjectNode answer = json.createObjectNode();
      answer.set("detail", e.detail());
      return new Answer(422, answer);
    }
    Thread.sleep(knobs.delay().toMillis());
    if (ThreadLocalRandom.current().nextDouble() < knobs.failureRate()) {
      log.info("proof {}: simulated failure", request);
      return failure(request, "simulated failure (failure rate " + knobs.failureRate() + ")");
    }
    long started = System.nanoTime();
    try {
      int score = score(request);
      prove(request, score);
      log.info(
          "proof {}: score {}, completed, proved and claimed in {} ms",
          request,
          score,
          (System.nanoTime() - started) / 1_000_000);
      ObjectNode answer = json.createObjectNode();
      answer.put("success", true);
      return new Answer(200, answer);
    } catch (IOException | RuntimeException e) {
      log.warn("proof {} failed: {}", request, describe(e));
      return failure(request, describe(e));
    }
  }

  private int score(ProofRequestBody request) throws IOException, InterruptedException {
    if (knobs.decrypt()) {
      return scorer.score(request.fileUrl(), request.encryptionKey());
    }
    // The reference default: the file is never fetched and the key never used.
    return ThreadLocalRandom.current().nextInt(1, FileScorer.MAX_SCORE + 1);
  }

  private void prove(ProofRequestBody request, int score) throws InterruptedException {
    sender.send(
        "completeJob(" + request.jobId() + ")",
        verifiedComputing.getContractAddress(),
        verifiedComputing.completeJob(request.jobId()).encodeFunctionCall());
    var data =
        new DataRegistry.ProofData(
            request.fileId(),
            BigInteger.valueOf(score),
            request.fileUrl(),
            request.proofUrl() == null ? "" : request.proofUrl());
    sender.send(
        "addProof(" + request.fileId() + ")",
        registry.getContractAddress(),
        registry
            .addProof(request.fileId(), new DataRegistry.Proof(sign(data), data))
            .encodeFunctionCall());
    try {
      sender.send(
          "claim()",
          verifiedComputing.getContractAddress(),
          verifiedComputing.claim().encodeFunctionCall());
    } catch (ContractRevertException e) {
      // A concurrent request's claim may already have taken this job's fee; when both were mined
      // in one block, replaying ours a block earlier cannot tell why it reverted.
      if (!e.is(ContractError.NOTHING_TO_CLAIM) && e.txHash() == null) {
        throw e;
      }
      log.info("proof {}: nothing left to claim ({})", request, e.getMessage());
    }
  }

  /**
   * §8: EIP-191 signature of keccak256 of the ABI encoding of the single tuple {@code ProofData},
   * which starts with the 0x20 offset word; {@code encodeConstructor} writes exactly that.
   */
  private byte[] sign(DataRegistry.ProofData data) {
    byte[] encoded = Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(data)));
    return Numeric.hexStringToByteArray(
        wallet.signPersonalMessage(PersonalMessage.keccak256(encoded)));
  }

  private Answer failure(ProofRequestBody request, String cause) {
    ObjectNode answer = json.createObjectNode();
    ObjectNode error = answer.putObject("error");
    error.put("message", "Error processing request for req: " + request + " Error: " + cause);
    error.put("type", "internal_error");
    return new Answer(500, answer);
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
