package social.gm2.lazai.inference;

import java.math.BigInteger;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.InferenceChain;

/** The contract on the in-memory fake, so the unit tests' chain behaves as the devnet's. */
class FakeInferenceChainTest extends InferenceChainContract {
  private static final String NODE = "0x" + "b".repeat(40);
  private final FakeInferenceChain chain = new FakeInferenceChain("0x" + "a".repeat(40));

  FakeInferenceChainTest() {
    chain.addNode(NODE, "http://127.0.0.1:18999");
  }

  @Override
  protected InferenceChain chain() {
    return chain;
  }

  @Override
  protected String node() {
    return NODE;
  }

  @Override
  protected String nodeUrl() {
    return "http://127.0.0.1:18999";
  }

  @Override
  protected ChainTx settle(String id, BigInteger cost, BigInteger nonce) {
    return chain.settle(NODE, id, cost, nonce).tx();
  }
}
