package social.gm2.lazai.chain.tx;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A transaction the service wants mined.
 *
 * @param key names the intent across retries and restarts ("mint 0xabc… addFile"); sending an
 *     intent whose key is already stored waits for the stored transaction instead of sending a new
 *     one. Null for fire-and-forget transactions.
 * @param purpose for logs and operators
 * @param to contract or account, 0x-prefixed
 * @param value wei
 * @param data calldata, 0x-prefixed hex
 */
public record TxIntent(String key, String purpose, String to, BigInteger value, String data) {
  public TxIntent {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(to, "to");
    value = value == null ? BigInteger.ZERO : value;
    data = data == null || data.isEmpty() ? "0x" : data;
  }
}
