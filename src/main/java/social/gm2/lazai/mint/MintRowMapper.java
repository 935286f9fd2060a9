package social.gm2.lazai.mint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/** A {@code mint} row as a {@link Mint}. */
final class MintRowMapper implements RowMapper<Mint> {

  @Override
  public Mint mapRow(ResultSet rs, int n) throws SQLException {
    return new Mint(
        rs.getLong("id"),
        rs.getString("token_address"),
        rs.getString("file_name"),
        MintState.valueOf(rs.getString("state")),
        rs.getInt("version"),
        rs.getString("seed"),
        rs.getObject("plaintext_size", Long.class),
        rs.getString("cid"),
        rs.getString("url"),
        integer(rs, "file_id"),
        integer(rs, "job_id"),
        rs.getString("node_address"),
        rs.getString("register_tx_hash"),
        rs.getString("proof_tx_hash"),
        instant(rs, "proof_requested_at"),
        rs.getInt("proof_requests"),
        integer(rs, "proof_index"),
        rs.getString("reward_tx_hash"),
        rs.getObject("reward_block_number", Long.class),
        integer(rs, "dat_token_id"),
        integer(rs, "dat_amount"),
        rs.getString("attestator"),
        rs.getString("attestation_tx_hash"),
        rs.getObject("attestation_block_number", Long.class),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        rs.getString("wallet"),
        rs.getString("dat_owner"),
        rs.getString("transfer_tx_hash"),
        instant(rs, "imported_at"),
        rs.getString("permission_tx_hash"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private static BigInteger integer(ResultSet rs, String column) throws SQLException {
    BigDecimal value = rs.getBigDecimal(column);
    return value == null ? null : value.toBigIntegerExact();
  }
}
