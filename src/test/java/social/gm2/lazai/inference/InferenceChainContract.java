package social.gm2.lazai.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.InferenceAccountState;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.SettledFee;

/**
 * What every {@link InferenceChain} must do (the in-memory fake and the web3j adapter on the devnet
 * contracts): the wallet's Settlement user made once, its node account funded by intents that never
 * send twice, a node's settled fee found by user, node and nonce.
 */
public abstract class InferenceChainContract {

  /** The chain, paying as a wallet that has no Settlement user yet. */
  protected abstract InferenceChain chain();

  /** An active inference node of the chain, and its registered url. */
  protected abstract String node();

  protected abstract String nodeUrl();

  /**
   * What the node does for an answer: {@code settlementFees} for the wallet's request {@code
   * nonce}, signed by the wallet as the settlement headers sign it.
   */
  protected abstract ChainTx settle(String id, BigInteger cost, BigInteger nonce) throws Exception;

  @Test
  void theNodeIsRegisteredWithItsUrl() {
    assertThat(chain().activeNodes()).contains(node());
    NodeInfo info = chain().node(node());
    assertThat(info.status()).isEqualTo(NodeInfo.Status.ACTIVE);
    assertThat(info.url()).isEqualTo(nodeUrl());
    assertThat(chain().node("0x" + "9".repeat(40)).status()).isEqualTo(NodeInfo.Status.NONE);
  }

  @Test
  void theAccountIsSetUpOnceAndItsSettledFeesAreFound() throws Exception {
    InferenceChain chain = chain();
    String wallet = chain.wallet();
    assertThat(chain.user(wallet)).isEmpty();
    assertThat(chain.account(wallet, node())).isEmpty();

    ChainTx added = chain.addUser("contract addUser", BigInteger.valueOf(1_000_000)).orElseThrow();
    assertThat(chain.addUser("contract addUser", BigInteger.valueOf(1_000_000)))
        .as("the same intent answers with its transaction")
        .contains(added);
    assertThat(chain.addUser("contract addUser again", BigInteger.ONE))
        .as("a user exists once")
        .isEmpty();
    assertThat(chain.user(wallet).orElseThrow().availableBalance())
        .isEqualTo(BigInteger.valueOf(1_000_000));

    ChainTx deposit = chain.depositInference("contract deposit 1", node(), BigInteger.valueOf(300));
    assertThat(chain.depositInference("contract deposit 1", node(), BigInteger.valueOf(300)))
        .isEqualTo(deposit);
    InferenceAccountState account = chain.account(wallet, node()).orElseThrow();
    assertThat(account.balance()).isEqualTo(BigInteger.valueOf(300));
    assertThat(account.nonce()).isEqualTo(BigInteger.ZERO);
    assertThat(chain.user(wallet).orElseThrow().availableBalance())
        .as("deposited once")
        .isEqualTo(BigInteger.valueOf(999_700));

    long from = chain.head();
    BigInteger nonce = BigInteger.valueOf(170_000_000_000_000_123L);
    ChainTx settled = settle("chatcmpl-contract", BigInteger.valueOf(120), nonce);

    SettledFee fee = chain.settledFee(wallet, node(), nonce, from).orElseThrow();
    assertThat(fee.responseId()).isEqualTo("chatcmpl-contract");
    assertThat(fee.cost()).isEqualTo(BigInteger.valueOf(120));
    assertThat(fee.nonce()).isEqualTo(nonce);
    assertThat(fee.user()).isEqualToIgnoringCase(wallet);
    assertThat(fee.node()).isEqualToIgnoringCase(node());
    assertThat(fee.tx()).isEqualTo(settled);
    assertThat(chain.settledFee(wallet, node(), nonce.add(BigInteger.ONE), from)).isEmpty();
    assertThat(chain.settledFee(wallet, node(), nonce, settled.blockNumber() + 1)).isEmpty();
    InferenceAccountState after = chain.account(wallet, node()).orElseThrow();
    assertThat(after.nonce()).isEqualTo(nonce);
    assertThat(after.balance()).isEqualTo(BigInteger.valueOf(180));
  }
}
