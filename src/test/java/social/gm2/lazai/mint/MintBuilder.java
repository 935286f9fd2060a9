package social.gm2.lazai.mint;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Builds {@link Mint}s for tests: {@code MintBuilder.mint(token).in(MintState.REWARDED).build()} is
 * a mint whose file, job, proof and reward fields hold what the pipeline would have written by
 * then; a wither sets one field. {@link #in} fills only the fields still empty, so a wither before
 * it survives and one after it wins. The values are plausible, not real: a chain or a store does
 * not hold them.
 */
public final class MintBuilder {
  /** Hardhat's account #1, the devnet's node. */
  public static final String NODE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

  /** "hello world\n" as Kubo's CIDv0 (the vectors' cids.json). */
  public static final String CID = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private long id = 1;
  private final String tokenAddress;
  private String fileName = "data.txt";
  private MintState state = MintState.ACCEPTED;
  private int version = 1;
  private String seed = "Sign to retrieve your encryption key";
  private Long plaintextSize;
  private String cid;
  private String url;
  private BigInteger fileId;
  private BigInteger jobId;
  private String nodeAddress;
  private String registerTxHash;
  private String proofTxHash;
  private Instant proofRequestedAt;
  private int proofRequests;
  private BigInteger proofIndex;
  private String rewardTxHash;
  private Long rewardBlockNumber;
  private BigInteger datTokenId;
  private BigInteger datAmount;
  private String attestator;
  private String attestationTxHash;
  private Long attestationBlockNumber;
  private int attempts;
  private Instant nextAttemptAt;
  private String lastError;
  private Instant createdAt = CREATED;
  private Instant updatedAt;
  private String wallet;
  private String datOwner;
  private String transferTxHash;
  private Instant importedAt;
  private String permissionTxHash;

  private MintBuilder(String tokenAddress) {
    this.tokenAddress = tokenAddress;
  }

  /** An ACCEPTED mint of the token, id 1, created 2026-01-01T00:00:00Z. */
  public static MintBuilder mint(String tokenAddress) {
    return new MintBuilder(tokenAddress);
  }

  /**
   * The mint in {@code target}, with what each state up to it adds: ENCRYPTED the plaintext size,
   * UPLOADED the CID and URL, REGISTERED file 1 and its tx, PROOF_REQUESTED job 1 for node {@link
   * #NODE} and its tx and time, PROOF_SUBMITTED proof 1, REWARDED (and ATTESTED) the reward tx,
   * block 20 and DAT 1 of 4242, ATTESTED the node's attestation in block 21. FAILED adds nothing
   * but a last error: use {@link #failed} after the state it failed in.
   */
  public MintBuilder in(MintState target) {
    if (target == MintState.FAILED) {
      return failed(lastError == null ? "failed" : lastError);
    }
    state = target;
    int reached = target.ordinal();
    if (reached >= MintState.ENCRYPTED.ordinal() && plaintextSize == null) {
      plaintextSize = 12L;
    }
    if (reached >= MintState.UPLOADED.ordinal()) {
      cid = cid == null ? CID : cid;
      url = url == null ? "https://gateway.pinata.cloud/ipfs/" + cid + "?download=true" : url;
    }
    if (reached >= MintState.REGISTERED.ordinal()) {
      fileId = fileId == null ? BigInteger.ONE : fileId;
      registerTxHash = registerTxHash == null ? hash("addFile") : registerTxHash;
    }
    if (reached >= MintState.PROOF_REQUESTED.ordinal()) {
      jobId = jobId == null ? BigInteger.ONE : jobId;
      nodeAddress = nodeAddress == null ? NODE : nodeAddress;
      proofTxHash = proofTxHash == null ? hash("requestProof") : proofTxHash;
      proofRequestedAt =
          proofRequestedAt == null ? createdAt.plus(Duration.ofMinutes(1)) : proofRequestedAt;
      proofRequests = Math.max(1, proofRequests);
    }
    if (reached >= MintState.PROOF_SUBMITTED.ordinal() && proofIndex == null) {
      proofIndex = BigInteger.ONE;
    }
    if (reached >= MintState.REWARDED.ordinal()) {
      rewardTxHash = rewardTxHash == null ? hash("requestReward") : rewardTxHash;
      rewardBlockNumber = rewardBlockNumber == null ? 20L : rewardBlockNumber;
      datTokenId = datTokenId == null ? BigInteger.ONE : datTokenId;
      datAmount = datAmount == null ? BigInteger.valueOf(4242) : datAmount;
    }
    if (reached >= MintState.ATTESTED.ordinal() && target != MintState.FAILED) {
      attestator = attestator == null ? nodeAddress : attestator;
      attestationTxHash = attestationTxHash == null ? hash("completeJob") : attestationTxHash;
      attestationBlockNumber = attestationBlockNumber == null ? 21L : attestationBlockNumber;
    }
    updatedAt = updatedAt == null ? createdAt.plus(Duration.ofMinutes(reached)) : updatedAt;
    return this;
  }

  /** FAILED with this reason, keeping what the states before the failure filled. */
  public MintBuilder failed(String reason) {
    state = MintState.FAILED;
    lastError = reason;
    attempts = Math.max(1, attempts);
    return this;
  }

  public Mint build() {
    return new Mint(
        id,
        tokenAddress,
        fileName,
        state,
        version,
        seed,
        plaintextSize,
        cid,
        url,
        fileId,
        jobId,
        nodeAddress,
        registerTxHash,
        proofTxHash,
        proofRequestedAt,
        proofRequests,
        proofIndex,
        rewardTxHash,
        rewardBlockNumber,
        datTokenId,
        datAmount,
        attestator,
        attestationTxHash,
        attestationBlockNumber,
        attempts,
        nextAttemptAt,
        lastError,
        createdAt,
        updatedAt == null ? createdAt : updatedAt,
        wallet,
        datOwner,
        transferTxHash,
        importedAt,
        permissionTxHash);
  }

  /** A deterministic 32-byte transaction hash of one of this mint's writes. */
  private String hash(String write) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((tokenAddress + " " + write).getBytes(StandardCharsets.UTF_8));
      return "0x" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------------------------ withers

  public MintBuilder withId(long value) {
    id = value;
    return this;
  }

  public MintBuilder withFileName(String value) {
    fileName = value;
    return this;
  }

  /** Sets the state alone, filling nothing (see {@link #in}). */
  public MintBuilder withState(MintState value) {
    state = value;
    return this;
  }

  public MintBuilder withVersion(int value) {
    version = value;
    return this;
  }

  public MintBuilder withSeed(String value) {
    seed = value;
    return this;
  }

  public MintBuilder withPlaintextSize(Long value) {
    plaintextSize = value;
    return this;
  }

  public MintBuilder withCid(String value) {
    cid = value;
    return this;
  }

  public MintBuilder withUrl(String value) {
    url = value;
    return this;
  }

  public MintBuilder withFileId(long value) {
    return withFileId(BigInteger.valueOf(value));
  }

  public MintBuilder withFileId(BigInteger value) {
    fileId = value;
    return this;
  }

  public MintBuilder withJobId(long value) {
    return withJobId(BigInteger.valueOf(value));
  }

  public MintBuilder withJobId(BigInteger value) {
    jobId = value;
    return this;
  }

  public MintBuilder withNodeAddress(String value) {
    nodeAddress = value;
    return this;
  }

  public MintBuilder withRegisterTxHash(String value) {
    registerTxHash = value;
    return this;
  }

  public MintBuilder withProofTxHash(String value) {
    proofTxHash = value;
    return this;
  }

  public MintBuilder withProofRequestedAt(Instant value) {
    proofRequestedAt = value;
    return this;
  }

  public MintBuilder withProofRequests(int value) {
    proofRequests = value;
    return this;
  }

  public MintBuilder withProofIndex(BigInteger value) {
    proofIndex = value;
    return this;
  }

  public MintBuilder withRewardTxHash(String value) {
    rewardTxHash = value;
    return this;
  }

  public MintBuilder withRewardBlockNumber(Long value) {
    rewardBlockNumber = value;
    return this;
  }

  public MintBuilder withDatTokenId(long value) {
    return withDatTokenId(BigInteger.valueOf(value));
  }

  public MintBuilder withDatTokenId(BigInteger value) {
    datTokenId = value;
    return this;
  }

  public MintBuilder withDatAmount(BigInteger value) {
    datAmount = value;
    return this;
  }

  public MintBuilder withAttestator(String value) {
    attestator = value;
    return this;
  }

  public MintBuilder withAttestationTxHash(String value) {
    attestationTxHash = value;
    return this;
  }

  public MintBuilder withAttestationBlockNumber(Long value) {
    attestationBlockNumber = value;
    return this;
  }

  public MintBuilder withAttempts(int value) {
    attempts = value;
    return this;
  }

  public MintBuilder withNextAttemptAt(Instant value) {
    nextAttemptAt = value;
    return this;
  }

  public MintBuilder withLastError(String value) {
    lastError = value;
    return this;
  }

  public MintBuilder withCreatedAt(Instant value) {
    createdAt = value;
    return this;
  }

  public MintBuilder withUpdatedAt(Instant value) {
    updatedAt = value;
    return this;
  }

  public MintBuilder withWallet(String value) {
    wallet = value;
    return this;
  }

  public MintBuilder withDatOwner(String value) {
    datOwner = value;
    return this;
  }

  public MintBuilder withTransferTxHash(String value) {
    transferTxHash = value;
    return this;
  }

  public MintBuilder withImportedAt(Instant value) {
    importedAt = value;
    return this;
  }

  public MintBuilder withPermissionTxHash(String value) {
    permissionTxHash = value;
    return this;
  }
}
