#!/usr/bin/env node
// Drives the REAL alith 0.12.3 `Client` (alith/lazai) through the whole DAT flow against a deployment of our
// devnet contracts, to prove the SDK (its ABIs, its transaction sending) works with them unchanged.
//
//   PRIVATE_KEY=<file owner key> NODE_PRIVATE_KEY=<registered VC node key> \
//     node alith-client.js <deployment.json> <rpc-url> [--score 7342] [--url <file url>]
//
// deployment.json is what devnet/scripts/deploy.js writes; the node key's address must be registered there
// (it is, when deploy.js got --node <that address>,…). Steps, each checked:
//   owner: addFile(url) → getFileIdByUrl → getFile → nodeFee → requestProof(fileId, nodeFee) → fileJobIds →
//          getJob → getNode
//   node : completeJob(jobId) → addProof(fileId, ProofData{fileId, score, url, ""}) (alith signs: EIP-191 over
//          keccak256(abi.encode(tuple)), spec §8) → claim()
//   owner: requestReward(fileId) → TokenMinted/TransferSingle/RewardRequested → DAT balance + uri
//   plus eth_call probes: requestReward again ⇒ FileAlreadyRewarded, addFile(same url) ⇒ FileUrlAlreadyUsed.
// Prints one JSON summary on stdout; exit 0 only if every check passed (1 = a check failed, 2 = crashed).
"use strict";

const fs = require("node:fs");
const crypto = require("node:crypto");
const { Client, ChainConfig, ContractConfig, ProofData } = require("alith/lazai");
const { revertData } = require("./revert-data.js");

// topic0 / selectors from the protocol spec §2 (independent of both our ABI and alith's)
const TOPIC = {
  FileAdded: "0x2980b13036c0d9df6b71ea9e9c09536efd24d7dd1868e29aa730f0c3fbd1a0dc",
  JobSubmitted: "0x489e923ac6ba31ef19d89736ac6998000e3fe5b1d1f26174a2c12e02393aa67e",
  JobComplete: "0x7b017cacfeb1c1960d59d6780108c1c2d1d4466112f01c62ca891b5650e03931",
  ProofAdded: "0xb5e12146f4bb8d7c4b36ad038dc5f79449eae942a6a5b3b73338fc492b73feff",
  Claimed: "0xd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a",
  RewardRequested: "0xc79b2d4186d26cf06f3e1a252e47fb477392229c39da486f16d9285961fdd9fe",
  TransferSingle: "0xc3d58168c5ae7397731d063d5bbf3d657854427343f4c083240f7aacaa2d0f62",
  TokenMinted: "0xdf92894dc4675a7333caa5903b69cf5d8e8ec0d3f361c88207b6688e525703bb",
};
const ERROR = { FileAlreadyRewarded: "0x273e363e", FileUrlAlreadyUsed: "0x86114455" };
const PROOF_TYPE = {
  type: "tuple",
  name: "proof",
  components: [
    { type: "bytes", name: "signature" },
    {
      type: "tuple",
      name: "data",
      components: [
        { type: "uint256", name: "id" },
        { type: "uint256", name: "score" },
        { type: "string", name: "fileUrl" },
        { type: "string", name: "proofUrl" },
      ],
    },
  ],
};

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

function envKey(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value.startsWith("0x") ? value : `0x${value}`;
}

const checks = [];
function check(name, ok, detail) {
  checks.push({ name, ok: Boolean(ok), ...(ok ? {} : { detail }) });
  return Boolean(ok);
}
const j = (value) => JSON.stringify(value, (k, v) => (typeof v === "bigint" ? `${v}` : v));
const same = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();
const timings = {};
async function timed(name, fn) {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    timings[name] = Date.now() - t;
  }
}

function logsOf(receipt, address, topic0) {
  return receipt.logs.filter((l) => same(l.address, address) && same(l.topics[0], topic0));
}


async function expectRevert(name, selector, fn) {
  try {
    await fn();
    return check(name, false, "call did not revert");
  } catch (err) {
    const data = revertData(err);
    return check(name, data && data.toLowerCase().startsWith(selector), `revert data ${data}: ${err.message}`);
  }
}

async function main() {
  const [deploymentPath, rpc] = process.argv.slice(2);
  if (!deploymentPath || !rpc || rpc.startsWith("--")) {
    throw new Error("usage: node alith-client.js <deployment.json> <rpc-url> [--score N] [--url U]");
  }
  const started = Date.now();
  const deployment = JSON.parse(fs.readFileSync(deploymentPath, "utf8"));
  const score = BigInt(arg("--score", "7342"));
  const url = arg(
    "--url",
    `https://gateway.pinata.cloud/ipfs/bafkrei${crypto.randomBytes(16).toString("hex")}?download=true`,
  );

  const chainConfig = new ChainConfig("LazAI Devnet", rpc, deployment.chainId);
  const contractConfig = new ContractConfig(
    deployment.dataRegistry,
    deployment.verifiedComputing,
    deployment.dataAnchoringToken,
  );
  const owner = new Client(chainConfig, contractConfig, envKey("PRIVATE_KEY"));
  const node = new Client(chainConfig, contractConfig, envKey("NODE_PRIVATE_KEY"));
  // web3 polls for receipts every 1 s by default; with automine the first poll already hits, but with Hardhat
  // interval mining every tx would cost ≥ 1 s.
  for (const c of [owner, node]) c.web3.transactionPollingInterval = 50;
  const web3 = owner.web3;
  const ownerAddress = owner.getWallet().address;
  const nodeAddress = node.getWallet().address;
  const registered = (deployment.nodes || []).find((n) => same(n.address, nodeAddress));
  check("NODE_PRIVATE_KEY is a node of the deployment", registered, `${nodeAddress} not in deployment.nodes`);
  check("chain id", (await web3.eth.getChainId()) === BigInt(deployment.chainId), "eth_chainId differs");

  // ---- owner: file + job
  const fileId = await timed("addFile", () => owner.addFile(url));
  check("addFile returns a file id > 0", fileId > 0n, `fileId ${fileId}`);
  check("getFileIdByUrl(url) = fileId", (await owner.getFileIdByUrl(url)) === fileId, "differs");
  check("getFileIdByUrl(unknown) = 0", (await owner.getFileIdByUrl(url + "#absent")) === 0n, "not 0");
  const file = await owner.getFile(fileId);
  check("getFile", file.id === fileId && same(file.ownerAddress, ownerAddress) && file.url === url
    && file.hash === "" && file.rewardAmount === 0n, j(file));
  await expectRevert("addFile(same url) reverts FileUrlAlreadyUsed", ERROR.FileUrlAlreadyUsed, () =>
    owner.dataRegistryContract().methods.addFile(url, "").call({ from: ownerAddress }));

  const fee = await owner.nodeFee();
  check("nodeFee = deployment.nodeFee", fee === BigInt(deployment.nodeFee), `${fee}`);
  const proofTx = await timed("requestProof", () => owner.requestProof(fileId, fee));
  const submitted = logsOf(proofTx.receipt, deployment.verifiedComputing, TOPIC.JobSubmitted);
  check("requestProof receipt has one JobSubmitted", submitted.length === 1, `${submitted.length} logs`);
  const jobIds = await owner.fileJobIds(fileId);
  const jobId = jobIds[jobIds.length - 1];
  check("JobSubmitted.jobId = last fileJobIds", submitted[0] && BigInt(submitted[0].topics[1]) === jobId
    && BigInt(submitted[0].topics[2]) === fileId, "differs");
  const job = await owner.getJob(jobId);
  check("getJob", job.fileId === fileId && job.bidAmount === fee && Number(job.status) === 1
    && same(job.ownerAddress, ownerAddress) && job.addedTimestamp > 0n, j(job));
  check("job assigned to NODE_PRIVATE_KEY's address (only active node)", same(job.nodeAddress, nodeAddress),
    `job node ${job.nodeAddress}`);
  const nodeInfo = await owner.getNode(job.nodeAddress);
  check("getNode", same(nodeInfo.nodeAddress, nodeAddress) && nodeInfo.url === registered?.url
    && Number(nodeInfo.status) === 1 && nodeInfo.publicKey === registered?.publicKey && nodeInfo.jobsCount >= 1n,
    j(nodeInfo));
  check("isNode(node)", await owner.isNode(nodeAddress), "false");

  // ---- node: completeJob → addProof → claim (what the reference VC node does before answering /proof)
  const earnedBefore = nodeInfo.amount;
  const completeTx = await timed("completeJob", () => node.completeJob(jobId));
  const complete = logsOf(completeTx.receipt, deployment.verifiedComputing, TOPIC.JobComplete);
  check("JobComplete(attestator=node, jobId, fileId), empty data", complete.length === 1
    && same(`0x${complete[0].topics[1].slice(26)}`, nodeAddress) && BigInt(complete[0].topics[2]) === jobId
    && BigInt(complete[0].topics[3]) === fileId && complete[0].data === "0x", j(complete));
  const afterComplete = await owner.getJob(jobId);
  check("job status Completed", Number(afterComplete.status) === 2, `${afterComplete.status}`);
  const nodeAfterComplete = await owner.getNode(nodeAddress);
  check("node credited the bid (NodeInfo.amount += fee, open jobsCount -= 1)",
    nodeAfterComplete.amount - earnedBefore === fee && nodeAfterComplete.jobsCount === nodeInfo.jobsCount - 1n,
    j(nodeAfterComplete));

  const proofData = new ProofData(fileId, score, url, "");
  const addProofTx = await timed("addProof", () => node.addProof(fileId, proofData));
  const added = logsOf(addProofTx.receipt, deployment.dataRegistry, TOPIC.ProofAdded);
  const proofIndex = added.length === 1 ? web3.eth.abi.decodeParameters(["uint256", "string"], added[0].data)[0] : null;
  check("ProofAdded(fileId, owner, proofIndex=1, \"\")", added.length === 1 && BigInt(added[0].topics[1]) === fileId
    && same(`0x${added[0].topics[2].slice(26)}`, ownerAddress) && proofIndex === 1n, j(added));

  // getFileProof: alith's ABI declares the wrong output (timestamp, bytes32, bytes); decode the raw answer as Proof.
  let sdkGetFileProof;
  try {
    sdkGetFileProof = { decoded: JSON.parse(j(await owner.getFileProof(fileId, 1n))) };
  } catch (err) {
    sdkGetFileProof = { error: err.message };
  }
  const raw = await web3.eth.call({
    to: deployment.dataRegistry,
    data: web3.eth.abi.encodeFunctionCall(
      { name: "getFileProof", type: "function", inputs: [{ type: "uint256", name: "fileId" }, { type: "uint256", name: "index" }] },
      [fileId, 1n],
    ),
  });
  const stored = web3.eth.abi.decodeParameter(PROOF_TYPE, raw);
  const h = web3.utils.keccak256(proofData.abiEncode());
  const expectedH = web3.utils.keccak256(web3.eth.abi.encodeParameter(
    "tuple(uint256,uint256,string,string)", [fileId, score, url, ""]));
  const recovered = web3.eth.accounts.recover(h, stored.signature);
  check("stored proof data = ProofData sent", BigInt(stored.data.id) === fileId && BigInt(stored.data.score) === score
    && stored.data.fileUrl === url && stored.data.proofUrl === "", j(stored));
  check("h = keccak256(abi.encode(tuple)) (alith ProofData.abiEncode, offset-word form)", h === expectedH, `${h} vs ${expectedH}`);
  check("stored signature is 65 bytes and EIP-191-recovers to the node", stored.signature.length === 132 && same(recovered, nodeAddress),
    `${stored.signature.length} chars, recovered ${recovered}`);

  const ethBefore = await web3.eth.getBalance(nodeAddress);
  const claimTx = await timed("claim", () => node.claim());
  const ethAfter = await web3.eth.getBalance(nodeAddress);
  const claimed = logsOf(claimTx.receipt, deployment.verifiedComputing, TOPIC.Claimed);
  const claimedAmount = claimed.length === 1 ? BigInt(claimed[0].data) : null;
  const gasCost = BigInt(claimTx.receipt.gasUsed) * BigInt(claimTx.receipt.effectiveGasPrice);
  // ≥ fee: on a reused devnet the node may hold fees of earlier jobs it completed but never claimed.
  check("Claimed(node, amount ≥ fee) and the node received it", claimed.length === 1
    && same(`0x${claimed[0].topics[1].slice(26)}`, nodeAddress) && claimedAmount >= fee
    && ethAfter - ethBefore + gasCost === claimedAmount, j({ claimed, ethBefore, ethAfter, gasCost }));

  // ---- owner: reward → DAT
  const rewardTx = await timed("requestReward", () => owner.requestReward(fileId));
  const minted = logsOf(rewardTx.receipt, deployment.dataAnchoringToken, TOPIC.TokenMinted);
  const transfer = logsOf(rewardTx.receipt, deployment.dataAnchoringToken, TOPIC.TransferSingle);
  const rewarded = logsOf(rewardTx.receipt, deployment.dataRegistry, TOPIC.RewardRequested);
  const tokenId = minted.length === 1 ? BigInt(minted[0].topics[2]) : null;
  check("TokenMinted(to=owner, tokenId, fileUrl=url)", minted.length === 1 && same(`0x${minted[0].topics[1].slice(26)}`, ownerAddress)
    && web3.eth.abi.decodeParameter("string", minted[0].data) === url, j(minted));
  const transferDecoded = transfer.length === 1 ? web3.eth.abi.decodeParameters(["uint256", "uint256"], transfer[0].data) : null;
  check("TransferSingle(operator=DataRegistry, from=0, to=owner, tokenId, score)", transfer.length === 1
    && same(`0x${transfer[0].topics[1].slice(26)}`, deployment.dataRegistry) && BigInt(transfer[0].topics[2]) === 0n
    && same(`0x${transfer[0].topics[3].slice(26)}`, ownerAddress) && transferDecoded[0] === tokenId && transferDecoded[1] === score,
  j(transfer));
  check("RewardRequested(owner, fileId, 1, score)", rewarded.length === 1 && same(`0x${rewarded[0].topics[1].slice(26)}`, ownerAddress)
    && BigInt(rewarded[0].topics[2]) === fileId && BigInt(rewarded[0].topics[3]) === 1n && BigInt(rewarded[0].data) === score,
  j(rewarded));
  const balance = tokenId === null ? null : await owner.getDATBalance(ownerAddress, tokenId);
  check("DAT balanceOf(owner, tokenId) = score", balance === score, `${balance}`);
  const uri = tokenId === null ? null : await owner.dataUri(tokenId);
  check("DAT uri(tokenId) = file url", uri === url, uri);
  const rewardedFile = await owner.getFile(fileId);
  check("getFile after reward: proofIndex 1, rewardAmount = score", rewardedFile.proofIndex === 1n && rewardedFile.rewardAmount === score,
    j(rewardedFile));
  await expectRevert("requestReward again reverts FileAlreadyRewarded", ERROR.FileAlreadyRewarded, () =>
    owner.dataRegistryContract().methods.requestReward(fileId, 1n).call({ from: ownerAddress }));

  const failed = checks.filter((c) => !c.ok);
  const summary = {
    ok: failed.length === 0,
    alith: JSON.parse(fs.readFileSync(require("node:path").join(__dirname, "node_modules", "alith", "package.json"), "utf8")).version,
    rpc,
    owner: ownerAddress,
    fileUrl: url,
    fileId: `${fileId}`,
    jobId: `${jobId}`,
    node: job.nodeAddress,
    nodeUrl: nodeInfo.url,
    score: `${score}`,
    claimed: claimedAmount === null ? null : `${claimedAmount}`,
    proofIndex: proofIndex === null ? null : `${proofIndex}`,
    tokenId: tokenId === null ? null : `${tokenId}`,
    balance: balance === null ? null : `${balance}`,
    transactions: {
      requestProof: proofTx.transactionHash,
      completeJob: completeTx.transactionHash,
      addProof: addProofTx.transactionHash,
      claim: claimTx.transactionHash,
      requestReward: rewardTx.transactionHash,
      requestRewardBlock: `${rewardTx.receipt.blockNumber}`,
    },
    sdkGetFileProof,
    checks: { passed: checks.length - failed.length, failed },
    timingsMs: { ...timings, total: Date.now() - started },
  };
  process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`alith-client.js: ${err.stack || err.message}\n`);
    process.stdout.write(JSON.stringify({ ok: false, error: err.message, checks }, null, 2) + "\n");
    process.exit(2);
  },
);
