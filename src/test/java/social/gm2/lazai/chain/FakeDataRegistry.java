package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The devnet's DataRegistry and the DataAnchoringToken it mints ({@code devnet/contracts},
 * lazai-protocol §2.1, §2.3) for {@link FakeLazaiChain}: files by id and exact URL, proofs that
 * anyone may add, and the reward that accepts a proof signed by an active node of the {@link
 * FakeVerifiedComputing} and mints a fresh DAT id of {@code score} units to the file's owner.
 */
final class FakeDataRegistry {

  /** A file; {@code proofs.get(i)} is proof index i + 1. */
  record File(
      FileId id,
      String owner,
      String url,
      String hash,
      BigInteger proofIndex,
      BigInteger rewardAmount,
      List<Proof> proofs) {}

  /** A stored proof; {@code signer} is the account its signature recovers to. */
  record Proof(String signer, BigInteger score, String fileUrl, String proofUrl) {}

  private final String address;
  private final FakeVerifiedComputing verifiedComputing;
  private final Map<BigInteger, File> files;
  private final Map<String, BigInteger> fileByUrl;
  private final Map<String, BigInteger> balances;
  private final Map<String, String> permissions;
  private String publicKey = "";
  private long filesCount;
  private long tokensCount;

  FakeDataRegistry(String address, FakeVerifiedComputing verifiedComputing) {
    this(
        address,
        verifiedComputing,
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        new HashMap<>());
  }

  private FakeDataRegistry(
      String address,
      FakeVerifiedComputing verifiedComputing,
      Map<BigInteger, File> files,
      Map<String, BigInteger> fileByUrl,
      Map<String, BigInteger> balances,
      Map<String, String> permissions) {
    this.address = address;
    this.verifiedComputing = verifiedComputing;
    this.files = files;
    this.fileByUrl = fileByUrl;
    this.balances = balances;
    this.permissions = permissions;
  }

  /** The storage as it is now, working with {@code vc} (a copy of this one's). */
  FakeDataRegistry copy(FakeVerifiedComputing vc) {
    var copy =
        new FakeDataRegistry(
            address,
            vc,
            new HashMap<>(files),
            new HashMap<>(fileByUrl),
            new HashMap<>(balances),
            new HashMap<>(permissions));
    copy.publicKey = publicKey;
    copy.filesCount = filesCount;
    copy.tokensCount = tokensCount;
    return copy;
  }

  Optional<FileId> fileIdByUrl(String url) {
    return Optional.ofNullable(fileByUrl.get(url)).map(FileId::new);
  }

  FileRecord file(FileId id) {
    File f = fileOrEmpty(id);
    return new FileRecord(id, f.owner(), f.url(), f.hash(), f.proofIndex(), f.rewardAmount());
  }

  int proofCount(FileId id) {
    return fileOrEmpty(id).proofs().size();
  }

  List<FakeEvent> addFile(String from, String url, String hash) throws FakeContracts.Revert {
    if (fileByUrl.containsKey(url)) {
      throw FakeContracts.Revert.of(ContractError.FILE_URL_ALREADY_USED);
    }
    FileId id = FileId.of(++filesCount);
    files.put(
        id.value(), new File(id, from, url, hash, BigInteger.ZERO, BigInteger.ZERO, List.of()));
    fileByUrl.put(url, id.value());
    return List.of(new FakeEvent.FileAdded(id, from, url));
  }

  /** The maintainer's {@code updatePublicKey}. */
  List<FakeEvent> updatePublicKey(String pem) {
    publicKey = pem;
    return List.of();
  }

  String publicKey() {
    return publicKey;
  }

  /** Only the file's owner may; a later grant to the same account replaces the key. */
  List<FakeEvent> addPermissionForFile(String from, FileId id, String account, String key)
      throws FakeContracts.Revert {
    if (!fileOrEmpty(id).owner().equals(FakeContracts.lower(from))) {
      throw FakeContracts.Revert.of(ContractError.NOT_FILE_OWNER);
    }
    permissions.put(id.value() + "/" + FakeContracts.lower(account), key);
    return List.of(new FakeEvent.PermissionGranted(id, FakeContracts.lower(account)));
  }

  /** {@code getFilePermission}: "" if none. */
  String filePermission(FileId id, String account) {
    return permissions.getOrDefault(id.value() + "/" + FakeContracts.lower(account), "");
  }

  /** Unchecked, as in the contract: anyone may add any proof to any file id. */
  List<FakeEvent> addProof(FileId id, Proof proof) {
    File f = fileOrEmpty(id);
    List<Proof> proofs = new ArrayList<>(f.proofs());
    proofs.add(proof);
    files.put(
        id.value(),
        new File(id, f.owner(), f.url(), f.hash(), f.proofIndex(), f.rewardAmount(), proofs));
    BigInteger index = BigInteger.valueOf(proofs.size());
    return List.of(new FakeEvent.ProofAdded(id, f.owner(), index, proof.proofUrl()));
  }

  List<FakeEvent> requestReward(FileId id, BigInteger proofIndex) throws FakeContracts.Revert {
    File f = fileOrEmpty(id);
    Proof proof =
        proofIndex.signum() > 0 && proofIndex.compareTo(BigInteger.valueOf(f.proofs().size())) <= 0
            ? f.proofs().get(proofIndex.intValueExact() - 1)
            : null;
    if (f.rewardAmount().signum() != 0) {
      throw FakeContracts.Revert.of(ContractError.FILE_ALREADY_REWARDED);
    }
    if (proof == null) {
      // An empty signature: OpenZeppelin's ECDSA.recover refuses its length, 0.
      throw new FakeContracts.Revert(
          "0x" + ContractError.ECDSA_INVALID_SIGNATURE_LENGTH.selector() + FakeContracts.word(0));
    }
    if (!verifiedComputing.isNode(proof.signer())) {
      throw FakeContracts.Revert.of(ContractError.INVALID_ATTESTATOR);
    }
    if (f.owner().equals(FakeContracts.ZERO_ADDRESS)) {
      // ERC1155InvalidReceiver(address(0)): a proof added to a file id never registered.
      throw new FakeContracts.Revert("0x57f447ce" + FakeContracts.word(0));
    }
    BigInteger score = proof.score();
    files.put(
        id.value(), new File(id, f.owner(), f.url(), f.hash(), proofIndex, score, f.proofs()));
    BigInteger token = BigInteger.valueOf(++tokensCount);
    balances.merge(balanceKey(f.owner(), token), score, BigInteger::add);
    return List.of(
        new FakeEvent.TransferSingle(address, FakeContracts.ZERO_ADDRESS, f.owner(), token, score),
        new FakeEvent.TokenMinted(f.owner(), token, f.url()),
        new FakeEvent.RewardRequested(f.owner(), id, proofIndex, score));
  }

  /** The DAT's {@code balanceOf(owner, tokenId)}. */
  BigInteger balanceOf(String owner, BigInteger tokenId) {
    return balances.getOrDefault(balanceKey(owner, tokenId), BigInteger.ZERO);
  }

  /**
   * The DAT's {@code safeTransferFrom(from, to, id, value, "")} sent by {@code from} itself (no
   * operator approval), to an account (no receiver hook), with OpenZeppelin's reverts.
   */
  List<FakeEvent> safeTransferFrom(String from, String to, BigInteger id, BigInteger value)
      throws FakeContracts.Revert {
    if (to == null || to.equals(FakeContracts.ZERO_ADDRESS)) {
      throw new FakeContracts.Revert(
          "0x" + ContractError.ERC1155_INVALID_RECEIVER.selector() + FakeContracts.word(0));
    }
    BigInteger balance = balanceOf(from, id);
    if (balance.compareTo(value) < 0) {
      throw new FakeContracts.Revert(
          "0x" + ContractError.ERC1155_INSUFFICIENT_BALANCE.selector() + FakeContracts.word(0));
    }
    balances.put(balanceKey(from, id), balance.subtract(value));
    balances.merge(balanceKey(to, id), value, BigInteger::add);
    return List.of(new FakeEvent.TransferSingle(from, from, to, id, value));
  }

  private static String balanceKey(String owner, BigInteger tokenId) {
    return FakeContracts.lower(owner) + "/" + tokenId;
  }

  private File fileOrEmpty(FileId id) {
    File f = files.get(id.value());
    return f != null
        ? f
        : new File(
            id, FakeContracts.ZERO_ADDRESS, "", "", BigInteger.ZERO, BigInteger.ZERO, List.of());
  }
}
