package social.gm2.lazai.chain;

/**
 * What {@link FakeChainControls} makes go wrong for the service's next calls through the port, with
 * the exceptions the web3j adapter throws. Other accounts' transactions never see these.
 */
final class FakeFaults {
  private boolean rpcDown;
  private int failingCalls;
  private ContractError nextWriteRevert;

  synchronized void rpcDown(boolean down) {
    rpcDown = down;
  }

  synchronized void failNextCalls(int calls) {
    failingCalls = calls;
  }

  synchronized void revertNextWrite(ContractError error) {
    nextWriteRevert = error;
  }

  /** The error the next write must revert with at its estimate, once; null if none. */
  synchronized ContractError takeWriteRevert() {
    ContractError error = nextWriteRevert;
    nextWriteRevert = null;
    return error;
  }

  /** Throws what the adapter throws when its endpoint does not answer, if the call must fail. */
  void call(String what) {
    boolean fail;
    synchronized (this) {
      fail = rpcDown || failingCalls > 0;
      failingCalls = Math.max(0, failingCalls - 1);
    }
    if (fail) {
      throw new RpcUnavailableException(
          "the chain's RPC endpoint fake did not answer " + what + ": connection refused", null);
    }
  }
}
