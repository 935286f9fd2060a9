package social.gm2.lazai.inference;

import java.math.BigInteger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.chain.InferenceAccountState;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.SettlementUser;

/**
 * The service wallet's account for an inference node (lazai-protocol §9 "client setup"): the
 * Settlement user is created once ({@code addUser{initial-deposit}}), the node account is funded
 * from it ({@code depositInference(node, deposit)}) when it does not exist or holds less than the
 * minimum. Every write goes through the durable sender under an intent key derived from what the
 * chain shows (the user's absence; the account's nonce and balance), so a retry or a crash between
 * sending and mining waits for the same transaction, and a deposit that was mined changes the key
 * and the balance, so it is not sent twice.
 */
public final class InferenceAccount {
  private static final Logger log = LoggerFactory.getLogger(InferenceAccount.class);

  private final InferenceChain chain;
  private final InferenceProperties settings;

  public InferenceAccount(InferenceChain chain, InferenceProperties settings) {
    this.chain = chain;
    this.settings = settings;
  }

  /**
   * The wallet's account for {@code node}, set up or topped up first if it needs it.
   *
   * @throws InferenceException {@link InferenceException.Kind#ACCOUNT_DRY} when the account holds
   *     less than the minimum and the Settlement user has too little left to top it up
   */
  public InferenceAccountState ready(String node) {
    return ready(node, () -> {});
  }

  /**
   * The same, running {@code beforeOpening} first when the account does not exist yet: a check that
   * may throw to keep a node that cannot answer from being funded.
   */
  public InferenceAccountState ready(String node, Runnable beforeOpening) {
    String user = chain.wallet();
    Optional<InferenceAccountState> account = chain.account(user, node);
    if (account.isPresent() && enough(account.get().balance())) {
      return account.get();
    }
    if (account.isEmpty()) {
      beforeOpening.run();
    }
    SettlementUser payer = settlementUser(user);
    if (payer.availableBalance().compareTo(settings.deposit()) < 0) {
      throw dry(node, account.map(InferenceAccountState::balance).orElse(BigInteger.ZERO), payer);
    }
    String state =
        account
            .map(a -> "nonce=" + a.nonce() + " balance=" + a.balance())
            .orElse("nonce=none balance=0");
    var tx =
        chain.depositInference(
            "inference depositInference user=" + user + " node=" + node + " " + state,
            node,
            settings.deposit());
    log.info(
        "inference account user={} node={} {} with {} wei tx={}",
        user,
        node,
        account.isPresent() ? "topped up" : "created",
        settings.deposit(),
        tx.hash());
    InferenceAccountState funded =
        chain
            .account(user, node)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "depositInference "
                            + tx.hash()
                            + " was mined but the Inference contract has no account for "
                            + node));
    if (!enough(funded.balance())) {
      throw dry(node, funded.balance(), settlementUser(user));
    }
    return funded;
  }

  /** The wallet's Settlement user, created first (once) if it has none. */
  private SettlementUser settlementUser(String user) {
    Optional<SettlementUser> existing = chain.user(user);
    if (existing.isPresent()) {
      return existing.get();
    }
    chain
        .addUser("inference addUser user=" + user, settings.initialDeposit())
        .ifPresent(
            tx ->
                log.info(
                    "inference settlement user={} created with {} wei tx={}",
                    user,
                    settings.initialDeposit(),
                    tx.hash()));
    return chain
        .user(user)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "addUser was mined but the Settlement contract has no user " + user));
  }

  private boolean enough(BigInteger balance) {
    return balance.compareTo(settings.minimumBalance()) >= 0;
  }

  private InferenceException dry(String node, BigInteger balance, SettlementUser payer) {
    return new InferenceException(
        InferenceException.Kind.ACCOUNT_DRY,
        "The inference account of "
            + payer.address()
            + " for node "
            + node
            + " has "
            + balance
            + " wei and needs at least "
            + settings.minimumBalance()
            + " ("
            + InferenceProperties.PREFIX
            + "minimum-balance); it cannot be topped up with "
            + settings.deposit()
            + " wei ("
            + InferenceProperties.PREFIX
            + "deposit) because the Settlement user has only "
            + payer.availableBalance()
            + " wei available. Pay more into the Settlement contract "
            + chain.settlementAddress()
            + " for this wallet, or lower "
            + InferenceProperties.PREFIX
            + "deposit.");
  }
}
