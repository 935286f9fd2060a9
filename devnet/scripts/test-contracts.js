#!/usr/bin/env node
// Behaviour tests of our three contracts (protocol doc §2) with plain ethers v6 on a real Hardhat node.
//
//   node scripts/test-contracts.js [--rpc <url>]
// Without --rpc it starts its own node on a free port (scripts/devnet.sh with a temp run dir) and stops it.
// Deploys fresh contracts each run. Exit 0 = all assertions passed.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const net = require("node:net");
const { execFileSync } = require("node:child_process");
const {
  JsonRpcProvider, Wallet, HDNodeWallet, Mnemonic, ContractFactory, Contract, AbiCoder, keccak256, id, getAddress,
  ZeroAddress, Interface,
} = require("ethers");

const { runSettlement } = require("./test-settlement-contracts.js");

const ROOT = path.resolve(__dirname, "..");
const MNEMONIC = "test test test test test test test test test test test junk";
let passed = 0;
const failures = [];

function ok(cond, what) {
  if (cond) passed++;
  else failures.push(what);
}

function artifact(name) {
  return {
    abi: JSON.parse(fs.readFileSync(path.join(ROOT, "artifacts", `${name}.abi.json`), "utf8")),
    bytecode: "0x" + fs.readFileSync(path.join(ROOT, "artifacts", `${name}.bin`), "utf8").trim(),
  };
}

const ALL_ERRORS = new Interface([
  ...["DataAnchoringToken", "VerifiedComputing", "DataRegistry", "Settlement", "AIProcess"]
    .flatMap((name) => artifact(name).abi.filter((f) => f.type === "error"))
    .filter((f, i, all) => all.findIndex((g) => JSON.stringify(g) === JSON.stringify(f)) === i),
  "error Error(string)",
]);

async function expectRevert(what, promiseFn, errorName, argsCheck) {
  try {
    const tx = await promiseFn();
    if (tx && tx.wait) await tx.wait();
    failures.push(`${what}: did not revert`);
  } catch (err) {
    // Reverts raised while a Wallet estimates gas are not decoded by ethers: decode the data with all our ABIs.
    const data = err.data || (err.info && err.info.error && err.info.error.data);
    const parsed = typeof data === "string" && data.length >= 10 ? ALL_ERRORS.parseError(data) : null;
    const name = parsed ? (parsed.name === "Error" ? `Error(${parsed.args[0]})` : parsed.name) : null;
    if (name !== errorName) {
      failures.push(`${what}: expected ${errorName}, got ${name || data || err.shortMessage || err.message}`);
      return;
    }
    if (argsCheck && !argsCheck(parsed.args)) {
      failures.push(`${what}: ${errorName} args ${JSON.stringify(parsed.args, (k, v) => (typeof v === "bigint" ? `${v}` : v))}`);
      return;
    }
    passed++;
  }
}

async function mined(txPromise) {
  const tx = await txPromise;
  const receipt = await tx.wait();
  if (receipt.status !== 1) throw new Error(`tx ${tx.hash} failed`);
  return receipt;
}

function eventsOf(receipt, contract, name) {
  return receipt.logs
    .filter((l) => getAddress(l.address) === getAddress(contract.target))
    .map((l) => contract.interface.parseLog(l))
    .filter((e) => e && e.name === name);
}

function signProof(wallet, data) {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["tuple(uint256 id, uint256 score, string fileUrl, string proofUrl)"], [data]);
  const h = keccak256(encoded);
  return { h, signature: wallet.signMessageSync(Buffer.from(h.slice(2), "hex")) };
}

async function run(rpc) {
  const provider = new JsonRpcProvider(rpc, undefined, { pollingInterval: 50, cacheTimeout: -1 });
  const wallets = [0, 1, 2, 3, 4].map((i) =>
    HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(MNEMONIC), `m/44'/60'/0'/0/${i}`).connect(provider));
  const [admin, nodeA, nodeB, owner, stranger] = wallets;

  const deploy = async (name, ...args) => {
    const { abi, bytecode } = artifact(name);
    const c = await new ContractFactory(abi, bytecode, admin).deploy(...args);
    await c.waitForDeployment();
    return c;
  };
  const dat = await deploy("DataAnchoringToken", admin.address);
  const vc = await deploy("VerifiedComputing", admin.address);
  const reg = await deploy("DataRegistry", admin.address, "DataRegistry", dat.target, vc.target, "registry-pem");
  await mined(dat.grantRole(id("MINTER_ROLE"), reg.target));
  const as = (c, w) => c.connect(w);

  // metadata
  ok((await reg.version()) === 1n && (await vc.version()) === 1n, "version() = 1");
  ok((await reg.name()) === "DataRegistry" && (await reg.publicKey()) === "registry-pem", "name/publicKey");
  ok((await reg.MAINTAINER_ROLE()) === id("MAINTAINER_ROLE") && (await reg.hasRole(id("MAINTAINER_ROLE"), admin.address)), "MAINTAINER_ROLE");
  ok((await dat.supportsInterface("0xd9b67a26")), "ERC-1155 interface id");
  await expectRevert("updatePublicKey by stranger", () => as(reg, stranger).updatePublicKey("x"), "AccessControlUnauthorizedAccount");
  const pk = await mined(reg.updatePublicKey("new-pem"));
  ok(eventsOf(pk, reg, "PublicKeyUpdated").length === 1 && (await reg.publicKey()) === "new-pem", "updatePublicKey");

  // nodes + fee
  await expectRevert("requestProof without nodes", () => as(vc, owner).requestProof(1), "NoActiveNode");
  await mined(vc.updateNodeFee(100));
  await expectRevert("updateNodeFee by stranger", () => as(vc, stranger).updateNodeFee(1), "AccessControlUnauthorizedAccount");
  await expectRevert("requestProof with 99 wei", () => as(vc, owner).requestProof(1, { value: 99 }), "InsufficientFee");
  await expectRevert("addNode by stranger", () => as(vc, stranger).addNode(nodeA.address, "u", "k"), "AccessControlUnauthorizedAccount");
  const added = await mined(vc.addNode(nodeA.address, "http://a", "pem-a"));
  ok(eventsOf(added, vc, "NodeAdded").length === 1, "NodeAdded");
  await mined(vc.addNode(nodeB.address, "http://b", "pem-b"));
  await expectRevert("addNode twice", () => vc.addNode(nodeA.address, "u", "k"), "NodeAlreadyAdded");
  ok((await vc.nodesCount()) === 2n && (await vc.activeNodesCount()) === 2n, "node counts");
  ok((await vc.nodeList()).join() === [nodeA.address, nodeB.address].join(), "nodeList order");
  ok((await vc.activeNodeListAt(1)).url === "http://b" && (await vc.nodeListAt(0)).publicKey === "pem-a", "…ListAt → NodeInfo");
  const empty = await vc.getNode(stranger.address);
  ok(empty.nodeAddress === ZeroAddress && empty.url === "" && empty.status === 0n, "getNode(unknown) empty");
  ok((await vc.isNode(nodeA.address)) && !(await vc.isNode(stranger.address)), "isNode");

  // files
  const url1 = "https://gateway.pinata.cloud/ipfs/QmOne?download=true";
  const url2 = "https://gateway.pinata.cloud/ipfs/QmTwo?download=true";
  const f1 = await mined(as(reg, owner).addFile(url1, ""));
  const fa = eventsOf(f1, reg, "FileAdded")[0];
  ok(fa && fa.args.fileId === 1n && fa.args.ownerAddress === owner.address && fa.args.url === url1, "FileAdded id 1");
  await expectRevert("addFile same url", () => as(reg, stranger).addFile(url1, "h"), "FileUrlAlreadyUsed");
  await mined(as(reg, owner).addFile(url2, "abc"));
  ok((await reg.getFileIdByUrl(url2)) === 2n && (await reg.getFileIdByUrl(url2 + " ")) === 0n && (await reg.filesCount()) === 2n, "getFileIdByUrl");
  const file2 = await reg.getFile(2);
  ok(file2.id === 2n && file2.ownerAddress === owner.address && file2.url === url2 && file2.hash === "abc", "getFile");
  await expectRevert("addPermissionForFile by non-owner", () => as(reg, stranger).addPermissionForFile(1, stranger.address, "k"), "NotFileOwner");
  const perm = await mined(as(reg, owner).addPermissionForFile(1, reg.target, "wrapped"));
  ok(eventsOf(perm, reg, "PermissionGranted").length === 1 && (await reg.getFilePermission(1, reg.target)) === "wrapped", "permission");
  const wp = await mined(as(reg, stranger).addFileWithPermissions("u3", "", owner.address, [{ account: nodeA.address, key: "k3" }]));
  ok(eventsOf(wp, reg, "FileAdded")[0].args.ownerAddress === owner.address && (await reg.getFilePermission(3, nodeA.address)) === "k3", "addFileWithPermissions");

  // jobs: round robin at(jobId % activeCount): job1 → B (index 1), job2 → A (index 0)
  const j1 = eventsOf(await mined(as(vc, owner).requestProof(1, { value: 100 })), vc, "JobSubmitted")[0];
  const j2 = eventsOf(await mined(as(vc, owner).submitJob(1, { value: 150 })), vc, "JobSubmitted")[0];
  ok(j1.args.jobId === 1n && j1.args.fileId === 1n && j1.args.nodeAddress === nodeB.address && j1.args.bidAmount === 100n, "job1 → B");
  ok(j2.args.jobId === 2n && j2.args.nodeAddress === nodeA.address && j2.args.bidAmount === 150n, "job2 → A");
  ok((await vc.fileJobIds(1)).join() === "1,2" && (await vc.jobsCount()) === 2n, "fileJobIds/jobsCount");
  const job1 = await vc.getJob(1);
  ok(job1.status === 1n && job1.ownerAddress === owner.address && job1.nodeAddress === nodeB.address && job1.addedTimestamp > 0n, "getJob");
  ok((await vc.getNode(nodeB.address)).jobsCount === 1n, "open jobsCount");
  await expectRevert("completeJob by other node", () => as(vc, nodeA).completeJob(1), "InvalidJobNode");
  await expectRevert("completeJob by non-node", () => as(vc, stranger).completeJob(1), "NodeNotActive");
  await expectRevert("completeJob unknown job", () => as(vc, nodeA).completeJob(99), "InvalidJobStatus");
  const done = eventsOf(await mined(as(vc, nodeB).completeJob(1)), vc, "JobComplete")[0];
  ok(done.args.attestator === nodeB.address && done.args.jobId === 1n && done.args.fileId === 1n, "JobComplete");
  await expectRevert("completeJob twice", () => as(vc, nodeB).completeJob(1), "InvalidJobStatus");
  const infoB = await vc.getNode(nodeB.address);
  ok(infoB.amount === 100n && infoB.jobsCount === 0n, "node credited");
  await expectRevert("claim with nothing earned", () => as(vc, nodeA).claim(), "NothingToClaim");
  const claimed = eventsOf(await mined(as(vc, nodeB).claim()), vc, "Claimed")[0];
  ok(claimed.args.nodeAddress === nodeB.address && claimed.args.amount === 100n, "Claimed 100");
  await expectRevert("claim twice", () => as(vc, nodeB).claim(), "NothingToClaim");
  ok((await vc.getNode(nodeB.address)).amount === 100n, "amount = total earned ever");
  await expectRevert("cancelJob by stranger", () => as(vc, stranger).cancelJob(2), "NotJobOwner");
  const cancel = await mined(as(vc, owner).cancelJob(2));
  ok(eventsOf(cancel, vc, "JobCanceled").length === 1 && (await vc.getJob(2)).status === 3n, "cancelJob");

  // proofs + rewards
  await expectRevert("requestReward without proof", () => reg.requestReward(1, 1), "ECDSAInvalidSignatureLength", (a) => a[0] === 0n);
  const data1 = { id: 1n, score: 7342n, fileUrl: url1, proofUrl: "" };
  const bad = signProof(stranger, data1);
  const pa = eventsOf(await mined(as(reg, stranger).addProof(1, { signature: bad.signature, data: data1 })), reg, "ProofAdded")[0];
  ok(pa.args.fileId === 1n && pa.args.ownerAddress === owner.address && pa.args.proofIndex === 1n && pa.args.proofUrl === "", "ProofAdded index 1");
  await expectRevert("requestReward with non-node signer", () => reg.requestReward(1, 1), "InvalidAttestator",
    (a) => a[0] === bad.h && a[1] === bad.signature && a[2] === stranger.address);
  const good = signProof(nodeA, { ...data1, proofUrl: "p" });
  const pa2 = eventsOf(await mined(reg.addProof(1, { signature: good.signature, data: { ...data1, proofUrl: "p" } })), reg, "ProofAdded")[0];
  ok(pa2.args.proofIndex === 2n && pa2.args.proofUrl === "p", "ProofAdded index 2");
  const stored = await reg.getFileProof(1, 2);
  ok(stored.signature === good.signature && stored.data.score === 7342n && stored.data.proofUrl === "p", "getFileProof");
  const rr = await mined(as(reg, stranger).requestReward(1, 2)); // any caller, any active node's signature
  const minted = eventsOf(rr, dat, "TokenMinted")[0];
  const transfer = eventsOf(rr, dat, "TransferSingle")[0];
  const rewarded = eventsOf(rr, reg, "RewardRequested")[0];
  ok(minted.args.to === owner.address && minted.args.tokenId === 1n && minted.args.fileUrl === url1, "TokenMinted");
  ok(transfer.args.operator === getAddress(reg.target) && transfer.args.from === ZeroAddress && transfer.args.id === 1n && transfer.args.value === 7342n, "TransferSingle");
  ok(rewarded.args.contributorAddress === owner.address && rewarded.args.fileId === 1n && rewarded.args.proofIndex === 2n && rewarded.args.rewardAmount === 7342n, "RewardRequested");
  ok((await dat.balanceOf(owner.address, 1)) === 7342n && (await dat.uri(1)) === url1 && (await dat.fileUrl(1)) === url1
    && (await dat.verified(1)) && (await dat.currentTokenId()) === 1n, "DAT state");
  const f1r = await reg.getFile(1);
  ok(f1r.proofIndex === 2n && f1r.rewardAmount === 7342n, "file rewarded");
  await expectRevert("requestReward twice", () => reg.requestReward(1, 2), "FileAlreadyRewarded");
  await expectRevert("uri(unknown)", () => dat.uri(2), "Error(non-existent token)");
  await expectRevert("DAT mint by non-minter", () => as(dat, stranger).mint(stranger.address, 1, "x", true), "AccessControlUnauthorizedAccount");

  // the spec §8 contract-test signature (signer 0x34d9…F194) is accepted once that address is a node
  const vectors = JSON.parse(fs.readFileSync(path.join(ROOT, "..", "src", "test", "resources", "vectors", "proof-signature.json"), "utf8"));
  const spec = vectors.specContractTestVector;
  const specData = { id: 1n, score: 1n, fileUrl: "", proofUrl: "" };
  await mined(reg.addProof(2, { signature: spec.signature, data: specData }));
  await expectRevert("spec signature before its signer is a node", () => reg.requestReward(2, 1), "InvalidAttestator",
    (a) => a[0] === spec.keccakHex && a[2] === spec.expectedSigner);
  await mined(vc.addNode(spec.expectedSigner, "http://spec", ""));
  const specReward = eventsOf(await mined(reg.requestReward(2, 1)), reg, "RewardRequested")[0];
  ok(specReward && specReward.args.rewardAmount === 1n, "spec §8 signature accepted by requestReward");

  // removed nodes no longer attest
  const removed = await mined(vc.removeNode(nodeA.address));
  ok(eventsOf(removed, vc, "NodeRemoved").length === 1 && !(await vc.isNode(nodeA.address)) && (await vc.activeNodesCount()) === 2n, "removeNode");
  const data3 = { id: 3n, score: 5n, fileUrl: "u3", proofUrl: "" };
  const byRemoved = signProof(nodeA, data3);
  await mined(reg.addProof(3, { signature: byRemoved.signature, data: data3 }));
  await expectRevert("requestReward signed by a removed node", () => reg.requestReward(3, 1), "InvalidAttestator");
  await expectRevert("removeNode twice", () => vc.removeNode(nodeA.address), "NodeNotActive");
  await mined(vc.addNode(nodeA.address, "http://a2", "pem-a2"));
  ok((await vc.isNode(nodeA.address)) && (await vc.nodesCount()) === 3n && (await vc.getNode(nodeA.address)).url === "http://a2", "re-add node");

  // pause
  await mined(reg.pause());
  await expectRevert("addFile while paused", () => as(reg, owner).addFile("p", ""), "EnforcedPause");
  await mined(reg.unpause());
  provider.destroy();
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function main() {
  const started = Date.now();
  const i = process.argv.indexOf("--rpc");
  let rpc = i >= 0 ? process.argv[i + 1] : null;
  let stop = () => {};
  if (!rpc) {
    const port = await freePort();
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "lazai-contract-test."));
    const env = { ...process.env, DEVNET_RUN_DIR: runDir };
    const script = path.join(ROOT, "scripts", "devnet.sh");
    execFileSync(script, ["start", String(port)], { env, stdio: ["ignore", "ignore", "inherit"] });
    rpc = `http://127.0.0.1:${port}`;
    stop = () => {
      execFileSync(script, ["stop", String(port)], { env, stdio: ["ignore", "ignore", "ignore"] });
      fs.rmSync(runDir, { recursive: true, force: true });
    };
  }
  try {
    await run(rpc);
    await runSettlement(rpc, { ok, expectRevert, mined, eventsOf, artifact, MNEMONIC });
  } finally {
    stop();
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`test-contracts: ${passed} passed, ${failures.length} failed (${Date.now() - started} ms)`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(`test-contracts.js: ${err.stack || err.message}`);
  process.exit(2);
});
