package social.gm2.lazai.chain.tx;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import social.gm2.lazai.chain.TransactionCosts;

/**
 * {@link TransactionCosts} from the transaction outbox ({@code chain_tx}), where the sender records
 * each receipt's gas. It reads in the caller's transaction, so a read-only caller reads a replica.
 */
public final class TxCostQueries implements TransactionCosts {
  private final JdbcTemplate jdbc;

  public TxCostQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Confirmed> confirmed(Collection<String> keyPrefixes) {
    if (keyPrefixes.isEmpty()) {
      return List.of();
    }
    String likes =
        String.join(" OR ", Collections.nCopies(keyPrefixes.size(), "intent_key LIKE ?"));
    return jdbc.query(
        "SELECT intent_key, state, gas_used, effective_gas_price, value_wei FROM chain_tx"
            + " WHERE state IN ('MINED', 'REVERTED') AND ("
            + likes
            + ") ORDER BY id",
        TxCostQueries::row,
        keyPrefixes.stream().map(p -> escapeLike(p) + "%").toArray());
  }

  private static Confirmed row(ResultSet rs, int n) throws SQLException {
    return new Confirmed(
        rs.getString("intent_key"),
        "MINED".equals(rs.getString("state")),
        integer(rs.getBigDecimal("gas_used")),
        integer(rs.getBigDecimal("effective_gas_price")),
        integer(rs.getBigDecimal("value_wei")));
  }

  private static BigInteger integer(BigDecimal value) {
    return value == null ? null : value.toBigIntegerExact();
  }

  private static String escapeLike(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
