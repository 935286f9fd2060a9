package social.gm2.lazai.api;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import social.gm2.lazai.inference.InferenceFees;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintCosts;
import social.gm2.lazai.mint.MintQueries;
import social.gm2.lazai.mint.MintState;

/**
 * A mint as {@code GET /api/v1/mints/{tokenAddress}} answers it. Big integers (file, job and DAT
 * ids, the DAT amount) are decimal strings, which JavaScript clients read without losing digits.
 * Never carries the data, its ciphertext, the seed or the service's keys. {@code imported}: the
 * original Node service minted the token and this service adopted its {@code LazAIMintDAT} row at
 * {@code importedAt} (it never sent the token to the chain). {@code costs}: what the mint's DAT has
 * cost so far, in wei; null for an imported mint and for one with a transaction confirmed before
 * costs were recorded. {@code usage}: its inference use and fees.
 */
public record MintView(
    String tokenAddress,
    String fileName,
    MintState state,
    boolean imported,
    Instant importedAt,
    Instant createdAt,
    Instant updatedAt,
    String cid,
    String url,
    String fileId,
    String jobId,
    String node,
    String wallet,
    Transactions transactions,
    Dat dat,
    Attestation attestation,
    Costs costs,
    int attempts,
    String lastError,
    List<Step> steps,
    Usage usage) {

  /**
   * What the token's DAT has been used for: {@code inferenceRequests} chat completions answered
   * from its file, {@code inferenceFeesWei} the fees their node settled on chain for them (decimal
   * wei), {@code unsettledRequests} answers whose fee is not found on chain yet.
   */
  public record Usage(long inferenceRequests, String inferenceFeesWei, long unsettledRequests) {
    static Usage of(InferenceFees.Usage u) {
      return u == null
          ? null
          : new Usage(
              u.inferenceRequests(), u.inferenceFeesWei().toString(), u.unsettledRequests());
    }
  }

  /**
   * The hashes of the mint's chain writes, with their explorer pages; {@code transfer} moved the
   * DAT to the treasury; {@code permission} granted the DataRegistry (the inference and query
   * nodes) the file's password.
   */
  public record Transactions(
      Tx register, Tx proofRequest, Tx reward, Tx transfer, Tx attestation, Tx permission) {}

  /** A transaction hash and its explorer page. */
  public record Tx(String hash, String explorerUrl) {}

  /**
   * The minted Data Anchoring Token and who holds it as far as the service knows (the wallet that
   * registered the file, or the treasury it was transferred to).
   */
  public record Dat(String tokenId, String amount, String owner) {}

  /**
   * The node's attestation (its {@code JobComplete} log): {@code overdue} when the mint was
   * rewarded longer than the deadline ago and is still not attested.
   */
  public record Attestation(
      boolean attested,
      String attestator,
      Tx tx,
      Long blockNumber,
      Instant rewardedAt,
      boolean overdue) {}

  /**
   * What the mint's DAT has cost, in wei as decimal strings (wei exceed a JavaScript number): the
   * gas of the {@code transactions} confirmed transactions the service sent for it ({@code gasUsed
   * × effectiveGasPrice}, reverted ones included) and the verified-computing node fees its proof
   * requests paid.
   */
  public record Costs(String gasWei, String nodeFeesWei, String totalWei, int transactions) {
    static Costs of(MintCosts c) {
      return c == null
          ? null
          : new Costs(
              c.gasWei().toString(),
              c.nodeFeesWei().toString(),
              c.totalWei().toString(),
              c.transactions());
    }
  }

  /** One transition of the mint's timeline. */
  public record Step(MintState from, MintState state, Instant at, String detail) {}

  /** The mint with its inference usage. */
  static MintView of(MintQueries.MintRecord r, ApiProperties api, InferenceFees.Usage usage) {
    Mint m = r.mint();
    return new MintView(
        m.tokenAddress(),
        m.fileName(),
        m.state(),
        m.imported(),
        m.importedAt(),
        m.createdAt(),
        m.updatedAt(),
        m.cid(),
        m.url(),
        text(m.fileId()),
        text(m.jobId()),
        m.nodeAddress(),
        m.wallet(),
        new Transactions(
            tx(m.registerTxHash(), api),
            tx(m.proofTxHash(), api),
            tx(m.rewardTxHash(), api),
            tx(m.transferTxHash(), api),
            tx(r.attestationTxHash(), api),
            tx(m.permissionTxHash(), api)),
        m.datTokenId() == null
            ? null
            : new Dat(text(m.datTokenId()), text(m.datAmount()), m.datOwner()),
        new Attestation(
            m.state() == MintState.ATTESTED && r.attestationTxHash() != null,
            r.attestator(),
            tx(r.attestationTxHash(), api),
            r.attestationBlock(),
            r.rewardedAt(),
            r.overdue()),
        Costs.of(r.costs()),
        m.attempts(),
        m.lastError(),
        r.transitions().stream().map(t -> new Step(t.from(), t.to(), t.at(), t.detail())).toList(),
        Usage.of(usage));
  }

  private static Tx tx(String hash, ApiProperties api) {
    return hash == null ? null : new Tx(hash, api.txUrl(hash));
  }

  private static String text(BigInteger value) {
    return value == null ? null : value.toString();
  }
}
