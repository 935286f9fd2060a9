package social.gm2.lazai.mint;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.crypto.PersonalMessage;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.crypto.SeedPolicy;
import social.gm2.lazai.crypto.SeedRejectedException;

/**
 * How a mint derives the password that encrypts a creator's data: the wallet signs a seed (see
 * lazai-protocol §4 and §13.2).
 *
 * @param encryptionSeed the text the wallet signs ({@code LAZAI_CONFIG.encryptionSeed})
 * @param seedPolicy {@code per-token} (the default): the seed is followed by a space and the token
 *     address, so each file has its own password and one leaked password opens one file; {@code
 *     shared}: every file uses the seed as is (the original behaviour). Each mint stores the seed
 *     it used, so changing the policy never changes how an existing file opens
 * @param maxDataSize the largest privacy data a mint accepts (10MB by default)
 * @param rsaScheme how the password is wrapped for the node: {@code oaep-sha1} (node-rsa's default,
 *     what the original sends) or {@code pkcs1v15} (what the Python reference node decrypts)
 * @param nodeConnectTimeout connecting to a node's {@code /proof}
 * @param nodeReadTimeout waiting for its answer
 * @param legacyAttestedAtReward sets {@code Project.isAIAttested} at reward time, as the original
 *     did, instead of at attestation
 * @param proofDeadline how long a requested job may stay without {@code JobComplete} before it is
 *     overdue (30 minutes by default; longer than the node read timeout)
 * @param proofDeadlinePolicy what an overdue job gets: {@code report} (the mint fails with a reason
 *     naming the job; retrying it gives the same job a new deadline) or {@code re-request} (a new
 *     job is requested and paid for, up to {@code maxProofRequests} jobs per file)
 * @param maxProofRequests the most jobs requested for one file, the first included (3 by default)
 * @param leaseDuration how long a mint stays held by a worker that stopped renewing it: the
 *     holder's heartbeat renews it every third of this while it works, so a killed instance's mints
 *     are free again this long after it died (30 seconds by default)
 * @param sweepInterval how often each instance looks for mints due for another run: submitted ones
 *     nobody ran, interrupted ones, retryable failures (10 seconds by default)
 * @param retryDelay the wait after a mint's first retryable failure, doubled for each further one
 *     up to an hour (30 seconds by default)
 * @param workers how many mints each instance runs at once, whoever asked for them: the REST API,
 *     the queue or the sweep (64 by default: a mint spends nearly all its time waiting for blocks
 *     and the node, so the bounds that matter are {@code node-concurrency} and the wallet's {@code
 *     lazai.chain.transactions.max-pending}); {@code lazai-mint-dat} runs as many jobs at once
 * @param nodeConcurrency the most proof requests this instance has in flight to one node (32 by
 *     default); further mints wait for a slot
 * @param treasuryAddress where each DAT goes after its reward (optional): the wallet that
 *     registered the file, which the DAT is minted to, transfers it there exactly once ({@code
 *     safeTransferFrom}). Unset: the DAT stays with that wallet
 * @param grantPermission whether each mint grants the DataRegistry address the file's password,
 *     wrapped (PKCS#1 v1.5) for the registry's RSA key, right after registering the file ({@code
 *     addPermissionForFile}; true by default): without it no LazAI inference or query node can read
 *     the file. Off: no mint grants it, and neither does the backfill or the REST route
 */
@ConfigurationProperties("lazai.mint")
public record MintProperties(
    String encryptionSeed,
    SeedPolicy seedPolicy,
    DataSize maxDataSize,
    String rsaScheme,
    Duration nodeConnectTimeout,
    Duration nodeReadTimeout,
    Boolean legacyAttestedAtReward,
    Duration proofDeadline,
    ProofDeadlinePolicy proofDeadlinePolicy,
    Integer maxProofRequests,
    Duration leaseDuration,
    Duration sweepInterval,
    Duration retryDelay,
    Integer workers,
    Integer nodeConcurrency,
    String treasuryAddress,
    Boolean grantPermission) {

  private static final Setting SEED =
      new Setting("LAZAI_CONFIG.encryptionSeed", "lazai.mint.encryption-seed");

  private static final Setting TREASURY = Setting.property("lazai.mint.treasury-address");

  @ConstructorBinding
  public MintProperties {
    encryptionSeed = SEED.required(encryptionSeed);
    try {
      // web3.js signs a hex-looking seed as bytes and throws on hex it cannot decode.
      PersonalMessage.bytesOf(encryptionSeed);
    } catch (SeedRejectedException e) {
      throw SEED.problem(e.problem());
    }
    seedPolicy = seedPolicy == null ? SeedPolicy.PER_TOKEN : seedPolicy;
    maxDataSize = maxDataSize == null ? DataSize.ofMegabytes(10) : maxDataSize;
    if (maxDataSize.toBytes() < 1 || maxDataSize.toBytes() > DataSize.ofMegabytes(64).toBytes()) {
      throw Setting.property("lazai.mint.max-data-size").problem("must be between 1B and 64MB");
    }
    rsaScheme = rsaScheme == null ? RsaScheme.OAEP_SHA1.configName() : rsaScheme;
    try {
      RsaScheme.fromConfig(rsaScheme);
    } catch (IllegalArgumentException e) {
      throw Setting.property("lazai.mint.rsa-scheme").problem(e.getMessage());
    }
    nodeConnectTimeout = nodeConnectTimeout == null ? Duration.ofSeconds(10) : nodeConnectTimeout;
    // The reference node mines three transactions before it answers.
    nodeReadTimeout = nodeReadTimeout == null ? Duration.ofMinutes(3) : nodeReadTimeout;
    legacyAttestedAtReward = legacyAttestedAtReward != null && legacyAttestedAtReward;
    proofDeadline =
        longerThan(nodeReadTimeout, "proof-deadline", proofDeadline, Duration.ofMinutes(30));
    proofDeadlinePolicy =
        proofDeadlinePolicy == null ? ProofDeadlinePolicy.REPORT : proofDeadlinePolicy;
    maxProofRequests = between("max-proof-requests", maxProofRequests, 3, 1, 10);
    leaseDuration = positive("lease-duration", leaseDuration, Duration.ofSeconds(30));
    if (leaseDuration.compareTo(Duration.ofSeconds(3)) < 0) {
      throw Setting.property("lazai.mint.lease-duration")
          .problem("must be at least 3s (the heartbeat renews it every third of it)");
    }
    sweepInterval = positive("sweep-interval", sweepInterval, Duration.ofSeconds(10));
    retryDelay = positive("retry-delay", retryDelay, Duration.ofSeconds(30));
    workers = between("workers", workers, 64, 1, 256);
    nodeConcurrency = between("node-concurrency", nodeConcurrency, 32, 1, 256);
    grantPermission = grantPermission == null || grantPermission;
    if (treasuryAddress == null || treasuryAddress.isBlank()) {
      treasuryAddress = null;
    } else {
      treasuryAddress = TREASURY.address(treasuryAddress);
      if (treasuryAddress.matches("0x0{40}")) {
        throw TREASURY.problem(
            "must not be the zero address: a transfer there would burn the DAT (ERC-1155 refuses"
                + " it); leave it unset to keep each DAT with the wallet that registered its file");
      }
    }
  }

  /** Granting the file permission (the default). */
  public MintProperties(
      String encryptionSeed,
      SeedPolicy seedPolicy,
      DataSize maxDataSize,
      String rsaScheme,
      Duration nodeConnectTimeout,
      Duration nodeReadTimeout,
      Boolean legacyAttestedAtReward,
      Duration proofDeadline,
      ProofDeadlinePolicy proofDeadlinePolicy,
      Integer maxProofRequests,
      Duration leaseDuration,
      Duration sweepInterval,
      Duration retryDelay,
      Integer workers,
      Integer nodeConcurrency,
      String treasuryAddress) {
    this(
        encryptionSeed,
        seedPolicy,
        maxDataSize,
        rsaScheme,
        nodeConnectTimeout,
        nodeReadTimeout,
        legacyAttestedAtReward,
        proofDeadline,
        proofDeadlinePolicy,
        maxProofRequests,
        leaseDuration,
        sweepInterval,
        retryDelay,
        workers,
        nodeConcurrency,
        treasuryAddress,
        null);
  }

  /** Without a treasury: each DAT stays with the wallet that registered its file. */
  public MintProperties(
      String encryptionSeed,
      SeedPolicy seedPolicy,
      DataSize maxDataSize,
      String rsaScheme,
      Duration nodeConnectTimeout,
      Duration nodeReadTimeout,
      Boolean legacyAttestedAtReward,
      Duration proofDeadline,
      ProofDeadlinePolicy proofDeadlinePolicy,
      Integer maxProofRequests,
      Duration leaseDuration,
      Duration sweepInterval,
      Duration retryDelay,
      Integer workers,
      Integer nodeConcurrency) {
    this(
        encryptionSeed,
        seedPolicy,
        maxDataSize,
        rsaScheme,
        nodeConnectTimeout,
        nodeReadTimeout,
        legacyAttestedAtReward,
        proofDeadline,
        proofDeadlinePolicy,
        maxProofRequests,
        leaseDuration,
        sweepInterval,
        retryDelay,
        workers,
        nodeConcurrency,
        null,
        null);
  }

  /** What happens to a job that has no {@code JobComplete} when its deadline passes. */
  public enum ProofDeadlinePolicy {
    REPORT,
    RE_REQUEST
  }

  private static Duration longerThan(
      Duration nodeReadTimeout, String name, Duration value, Duration fallback) {
    value = positive(name, value, fallback);
    if (value.compareTo(nodeReadTimeout) <= 0) {
      throw Setting.property("lazai.mint." + name)
          .problem(
              "must be longer than lazai.mint.node-read-timeout ("
                  + nodeReadTimeout
                  + "), or a node still working on a job would be given up on");
    }
    return value;
  }

  private static Duration positive(String name, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw Setting.property("lazai.mint." + name).problem("must be positive");
    }
    return value;
  }

  private static int between(String name, Integer value, int fallback, int min, int max) {
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw Setting.property("lazai.mint." + name)
          .problem("must be between " + min + " and " + max);
    }
    return value;
  }

  /** How the password is wrapped for the node's RSA key. */
  public RsaScheme wrapScheme() {
    return RsaScheme.fromConfig(rsaScheme);
  }
}
