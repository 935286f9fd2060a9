package social.gm2.lazai.mint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The original service's tables, which existing readers still use, kept in step with the mints
 * inside each move's transaction (lazai-protocol §13.8–9): the {@code LazAIMintDAT} row written
 * once the DAT is minted (the original wrote it after {@code requestReward}, and a row means
 * "minted"; a row that already exists is never overwritten), its attestation columns and {@code
 * Project.isAIAttested} as the attestation comes and goes. Ids are written as decimal text, which
 * both the original's varchar columns and numeric ones take.
 */
final class OriginalTables {
  private static final Logger log = LoggerFactory.getLogger(OriginalTables.class);
  private final JdbcTemplate jdbc;
  private final boolean attestedAtReward;

  /**
   * @param attestedAtReward sets {@code Project.isAIAttested} at reward time, as the original did
   */
  OriginalTables(JdbcTemplate jdbc, boolean attestedAtReward) {
    this.jdbc = jdbc;
    this.attestedAtReward = attestedAtReward;
  }

  /** Brings the original's rows in line with the mint that just moved from {@code from}. */
  void follow(MintState from, Mint m) {
    if (m.state() == MintState.REWARDED && from == MintState.PROOF_SUBMITTED) {
      rewarded(m);
    } else if (m.state() == MintState.ATTESTED) {
      attested(m);
    } else if (m.state() == MintState.REWARDED && from == MintState.ATTESTED) {
      revoked(m);
    }
  }

  private void rewarded(Mint m) {
    jdbc.update("DELETE FROM mint_payload WHERE mint_id = ?", m.id());
    Integer rows =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM LazAIMintDAT WHERE LOWER(tokenAddress) = ?",
            Integer.class,
            m.tokenAddress());
    if (rows != null && rows > 0) {
      // Written by the original while this mint ran: its values stay (they are its record).
      log.warn(
          "mint token={} rewarded, but LazAIMintDAT already has a row for it: left unchanged",
          m.tokenAddress());
    } else {
      // Written once, with every NOT NULL column of the original's table known (fileId, jobId).
      jdbc.update(
          "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber)"
              + " VALUES (?, ?, ?, ?, ?)",
          m.tokenAddress(),
          m.fileId().toString(),
          m.jobId().toString(),
          m.rewardTxHash(),
          m.rewardBlockNumber());
    }
    if (attestedAtReward) {
      projectAttested(m, true);
    }
  }

  private void attested(Mint m) {
    jdbc.update(
        "UPDATE LazAIMintDAT SET attestator = ?, attestatorHash = ?, attestatorBlockNumber = ?"
            + " WHERE LOWER(tokenAddress) = ?",
        m.attestator(),
        m.attestationTxHash(),
        m.attestationBlockNumber(),
        m.tokenAddress());
    projectAttested(m, true);
    jdbc.update("DELETE FROM mint_attestation_overdue WHERE mint_id = ?", m.id());
  }

  private void revoked(Mint m) {
    jdbc.update(
        "UPDATE LazAIMintDAT SET attestator = NULL, attestatorHash = NULL,"
            + " attestatorBlockNumber = NULL WHERE LOWER(tokenAddress) = ?",
        m.tokenAddress());
    if (!attestedAtReward) {
      projectAttested(m, false);
    }
  }

  private void projectAttested(Mint m, boolean attested) {
    jdbc.update(
        "UPDATE Project SET isAIAttested = ? WHERE LOWER(tokenAddress) = ?",
        attested ? 1 : 0,
        m.tokenAddress());
  }
}
