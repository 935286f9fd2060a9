package social.gm2.lazai.devnet;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Prints a mint's transitions as its rows record them, each with the values that state added (the
 * CID, the file and job ids, the transaction hashes), until the mint reaches a final state. Reads
 * the {@code mint} and {@code mint_transition} rows, so it sees exactly what the API and the
 * dashboard see.
 */
final class MintProgress {
  private static final Duration POLL = Duration.ofMillis(200);

  /** The columns worth showing once a mint has reached each state. */
  private static final Map<String, List<String>> SHOWN =
      Map.of(
          "ENCRYPTED", List.of("plaintext_size"),
          "UPLOADED", List.of("cid", "url"),
          "REGISTERED", List.of("file_id", "register_tx_hash"),
          "PROOF_REQUESTED", List.of("job_id", "node_address", "proof_tx_hash"),
          "PROOF_SUBMITTED", List.of("proof_index"),
          "REWARDED", List.of("reward_tx_hash", "reward_block_number", "dat_token_id"),
          "ATTESTED", List.of("attestator", "attestation_tx_hash", "attestation_block_number"),
          "FAILED", List.of("last_error"));

  private final JdbcTemplate jdbc;
  private final PrintStream out;

  MintProgress(JdbcTemplate jdbc, PrintStream out) {
    this.jdbc = jdbc;
    this.out = out;
  }

  /**
   * Prints every transition of the token's mint until one reaches {@code goal} or FAILED, or the
   * deadline passes; returns the last state printed.
   */
  String follow(String token, String goal, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    long lastId = 0;
    String state = "";
    while (!state.equals(goal) && !state.equals("FAILED") && Instant.now().isBefore(deadline)) {
      List<Map<String, Object>> rows =
          jdbc.queryForList(
              "SELECT t.id, t.to_state FROM mint_transition t JOIN mint m ON m.id = t.mint_id"
                  + " WHERE m.token_address = ? AND t.id > ? ORDER BY t.id",
              token,
              lastId);
      for (Map<String, Object> row : rows) {
        lastId = ((Number) row.get("id")).longValue();
        state = (String) row.get("to_state");
        out.println("quickstart: mint " + state + details(token, state));
      }
      Thread.sleep(POLL.toMillis());
    }
    return state;
  }

  private String details(String token, String state) {
    List<String> columns = SHOWN.getOrDefault(state, List.of());
    if (columns.isEmpty()) {
      return "";
    }
    Map<String, Object> mint =
        jdbc.queryForMap(
            "SELECT " + String.join(", ", columns) + " FROM mint WHERE token_address = ?", token);
    StringJoiner text = new StringJoiner(" ", " ", "");
    for (String column : columns) {
      text.add(column + "=" + mint.get(column));
    }
    return text.toString();
  }
}
