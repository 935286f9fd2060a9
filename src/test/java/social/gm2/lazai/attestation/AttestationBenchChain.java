package social.gm2.lazai.attestation;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.NoOpProcessor;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;

/**
 * The benchmark's own hands on the devnet, outside both measured sides (its requests go straight to
 * Hardhat, not through either counting proxy): it opens the jobs, completes them on schedule as the
 * node (Hardhat key #1) without waiting for receipts, and reads the truth at the end.
 */
final class AttestationBenchChain implements AutoCloseable {
  static final String NODE_KEY = HardhatNode.KEYS.get(1);
  private static final String OWNER_KEY = HardhatNode.KEYS.get(3);
  private static final String JOB_COMPLETE =
      EventEncoder.encode(VerifiedComputing.JOBCOMPLETE_EVENT);

  final HardhatNode chain;
  final DevnetDeployment devnet;
  private final Web3j web3;
  private final VerifiedComputing owner;
  private final VerifiedComputing node;

  /** Where and when a job's JobComplete log landed. */
  record Completed(long block, String txHash) {}

  AttestationBenchChain() throws Exception {
    chain = HardhatNode.start();
    try {
      devnet =
          DevnetDeployment.deploy(
              chain,
              List.of(
                  new DevnetDeployment.Node(
                      Credentials.create(NODE_KEY).getAddress(), "http://127.0.0.1:1", "")));
      web3 = Web3j.build(new HttpService(chain.url()));
      owner = contract(OWNER_KEY);
      node = contract(NODE_KEY);
    } catch (Exception | Error e) {
      chain.close();
      throw e;
    }
  }

  private VerifiedComputing contract(String key) {
    var manager =
        new FastRawTransactionManager(
            web3,
            Credentials.create(key),
            ChainProperties.LAZAI_TESTNET_CHAIN_ID,
            new NoOpProcessor(web3));
    var gas =
        new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(1_000_000));
    return VerifiedComputing.load(devnet.verifiedComputing(), web3, manager, gas);
  }

  /** Opens {@code n} jobs, for files 1..n, one block each (automine); their job ids in order. */
  List<BigInteger> openJobs(int n) throws Exception {
    BigInteger fee = owner.nodeFee().send();
    BigInteger before = owner.jobsCount().send();
    for (int i = 1; i <= n; i++) {
      owner.requestProof(BigInteger.valueOf(i), fee).send();
    }
    BigInteger after = owner.jobsCount().send();
    if (!after.equals(before.add(BigInteger.valueOf(n)))) {
      throw new IllegalStateException("opened " + after.subtract(before) + " jobs, not " + n);
    }
    return java.util.stream.LongStream.rangeClosed(1, n)
        .mapToObj(i -> before.add(BigInteger.valueOf(i)))
        .toList();
  }

  /** Sends {@code completeJob} as the job's node; the receipt is not awaited. */
  void complete(BigInteger jobId) throws Exception {
    node.completeJob(jobId).send();
  }

  long head() throws Exception {
    return web3.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  /** Every JobComplete of the VerifiedComputing contract in {@code [from, to]}, by job id. */
  Map<BigInteger, Completed> completed(long from, long to) throws Exception {
    var filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            devnet.verifiedComputing());
    filter.addSingleTopic(JOB_COMPLETE);
    EthLog logs = web3.ethGetLogs(filter).send();
    if (logs.hasError()) {
      throw new IllegalStateException("eth_getLogs: " + logs.getError().getMessage());
    }
    Map<BigInteger, Completed> byJob = new HashMap<>();
    for (EthLog.LogResult<?> result : logs.getLogs()) {
      Log log = (Log) result.get();
      BigInteger job = new BigInteger(log.getTopics().get(2).substring(2), 16);
      byJob.put(
          job, new Completed(log.getBlockNumber().longValueExact(), log.getTransactionHash()));
    }
    return byJob;
  }

  @Override
  public void close() {
    web3.shutdown();
    chain.close();
  }
}
