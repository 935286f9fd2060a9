package social.gm2.lazai.chain.tx;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.protocol.Web3j;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.signer.Signer;

/**
 * The sending wallets, each with its own {@link TransactionSender}: one durable nonce stream per
 * wallet (the {@code wallet_nonce} row and the {@code chain_tx} outbox are keyed by wallet), so the
 * wallets' transactions never wait on each other's nonces. The first wallet is the service wallet;
 * a pool of one is the service without a pool.
 */
public final class SenderPool {
  private final List<TransactionSender> senders;
  private final Map<String, TransactionSender> byWallet;

  private SenderPool(List<TransactionSender> senders) {
    if (senders.isEmpty()) {
      throw new IllegalArgumentException("a sender pool needs at least one wallet");
    }
    Map<String, TransactionSender> map = new LinkedHashMap<>();
    for (TransactionSender sender : senders) {
      if (map.putIfAbsent(sender.wallet(), sender) != null) {
        throw new IllegalArgumentException(
            "the wallet " + sender.wallet() + " appears twice in the sender pool");
      }
    }
    this.senders = List.copyOf(senders);
    this.byWallet = Map.copyOf(map);
  }

  /** The pool of these senders, in this order (the first is the service wallet's). */
  public static SenderPool of(List<TransactionSender> senders) {
    return new SenderPool(senders);
  }

  /** One sender per signer, in the signers' order, sharing the chain, database and settings. */
  public static SenderPool create(
      Web3j web3,
      String endpoint,
      List<Signer> signers,
      long chainId,
      JdbcTemplate jdbc,
      TransactionTemplate database,
      ChainProperties.Transactions settings,
      Clock clock) {
    List<TransactionSender> senders = new ArrayList<>();
    for (Signer signer : signers) {
      senders.add(
          TransactionSender.create(
              web3, endpoint, signer, chainId, jdbc, database, settings, clock));
    }
    return new SenderPool(senders);
  }

  /** The wallets' addresses (lower-case), in pool order. */
  public List<String> wallets() {
    return senders.stream().map(TransactionSender::wallet).toList();
  }

  /** The service wallet's sender: the pool's first. */
  public TransactionSender main() {
    return senders.get(0);
  }

  /**
   * The sender of {@code wallet} (any case).
   *
   * @throws IllegalArgumentException if the wallet is not in the pool (say, a mint registered by a
   *     wallet since removed from the configuration)
   */
  public TransactionSender sender(String wallet) {
    TransactionSender sender =
        wallet == null ? null : byWallet.get(wallet.toLowerCase(Locale.ROOT));
    if (sender == null) {
      throw new IllegalArgumentException(
          "the wallet "
              + wallet
              + " is not in the sender pool "
              + wallets()
              + " (lazai.signer and lazai.signer.pool); it must stay configured while its mints"
              + " are unsettled");
    }
    return sender;
  }

  /** Re-broadcasts every wallet's pending transactions, as after a restart. */
  public void resumePending() {
    senders.forEach(TransactionSender::resumePending);
  }

  /** {@link TransactionSender#reconcile} for every wallet; returns how many rows it settled. */
  public int reconcile() {
    return senders.stream().mapToInt(TransactionSender::reconcile).sum();
  }

  public int size() {
    return senders.size();
  }
}
