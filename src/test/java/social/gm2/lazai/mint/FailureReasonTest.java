package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import social.gm2.lazai.chain.RpcUnavailableException;

/** What a mint shows of a failure: short, without URLs, addresses, SQL or driver text. */
class FailureReasonTest {

  @Test
  void urlsAndTheKeysTheyCarryAreDropped() {
    String reason =
        FailureReason.sanitize(
            new RpcUnavailableException(
                "eth_call to https://lazai-testnet.g.alchemy.com/v2/pRoViDeRkEy123?x=1 failed:"
                    + " timeout",
                new ConnectException("Connection refused")));
    assertThat(reason)
        .doesNotContain("pRoViDeRkEy123")
        .doesNotContain("alchemy")
        .contains("eth_call to [url] failed: timeout");
  }

  @Test
  void theClassifiedCauseSpeaksNotWhatWrapsIt() {
    var wrapped =
        new org.springframework.beans.factory.BeanCreationException(
            "lazaiChain",
            "Error creating bean",
            new RpcUnavailableException("http://rpc.example/key did not answer", null));
    assertThat(FailureReason.sanitize(wrapped)).isEqualTo("[url] did not answer");
  }

  @Test
  void addressesAndHostPortsAreDropped() {
    assertThat(FailureReason.sanitize("Failed to connect to /127.0.0.1:8545 after 10.0.0.7"))
        .isEqualTo("Failed to connect to /[address] after [address]");
    assertThat(FailureReason.sanitize("node URL resolves to 169.254.169.254, an internal address"))
        .isEqualTo("node URL resolves to [address], an internal address");
    assertThat(FailureReason.sanitize("connect to [::1]:8000 and fe80::1%eth0 and ::ffff:10.0.0.1"))
        .doesNotContain("::1")
        .doesNotContain("fe80")
        .doesNotContain("10.0.0.1");
    assertThat(FailureReason.sanitize("2001:db8:0:0:0:0:0:1 refused"))
        .isEqualTo("[address] refused");
    assertThat(FailureReason.sanitize("rpc.internal.example:8545 refused"))
        .isEqualTo("[address] refused");
    assertThat(FailureReason.sanitize("retry at 03:05:05 GMT; job 12 on file 7"))
        .as("times and numbers stay")
        .isEqualTo("retry at 03:05:05 GMT; job 12 on file 7");
  }

  @Test
  void databaseFailuresBecomeAGenericReason() {
    var sql =
        new BadSqlGrammarException(
            "update",
            "UPDATE mint SET state = ? WHERE id = ?",
            new SQLSyntaxErrorException("(conn=42) Table 'lazai.mint' doesn't exist"));
    assertThat(FailureReason.sanitize(new IllegalStateException("wrapped", sql)))
        .isEqualTo("a database error (the service log has the details)");
    assertThat(FailureReason.sanitize("bad SQL grammar [SELECT * FROM mint]"))
        .isEqualTo("a database error (the service log has the details)");
  }

  @Test
  void theReasonIsOneShortLine() {
    String reason = FailureReason.sanitize("line one\n\tat x.y(Z.java:1)\n" + "z".repeat(1000));
    assertThat(reason).doesNotContain("\n").hasSizeLessThanOrEqualTo(FailureReason.MAX_LENGTH);
    assertThat(FailureReason.sanitize(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
  }
}
