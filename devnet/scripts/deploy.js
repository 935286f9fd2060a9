#!/usr/bin/env node
// Deploys the three LazAI contracts from artifacts/ to any JSON-RPC node with plain ethers v6 (no Hardhat runtime)
// and wires them the way LazAI does: DataRegistry knows the DAT and VerifiedComputing, the DAT grants MINTER_ROLE
// to the DataRegistry, VerifiedComputing.nodeFee is set, and each --node is registered with addNode by the
// deployer (who holds DEFAULT_ADMIN_ROLE + MAINTAINER_ROLE on VerifiedComputing and DataRegistry, and
// DEFAULT_ADMIN_ROLE on the DAT).
//
//   node scripts/deploy.js --rpc http://127.0.0.1:18545 --out .run/deployment.json \
//        [--fee 100] [--node <address>,<url>[,<pkcs1-pem-file>]]... \
//        [--registry-public-key <pem-file>] [--name DataRegistry] \
//        [--inference-node <address>,<url>[,<pkcs1-pem-file>]]... [--refund-lock-time 3600]
//
// It also deploys Settlement(deployer, 0, 0, 0) and an AIProcess as the "Inference" contract
// (AIProcess(deployer, settlement, refundLockTime)), wires it in with Settlement.updateInference, and registers
// each --inference-node on the Inference contract (addNode).
//
// Deployer key: env DEPLOYER_PRIVATE_KEY, default Hardhat account #0 (public test key).
// Writes JSON (addresses EIP-55; uint256 values as decimal strings):
//   {chainId, rpc, deployer, dataRegistry, verifiedComputing, dataAnchoringToken, nodeFee,
//    nodes:[{address, url, publicKeyFile, publicKey}], deploymentBlock (block of the first deployment tx), registryName,
//    settlement, inference, refundLockTime, inferenceNodes:[{address, url, publicKeyFile, publicKey}]}
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { JsonRpcProvider, Wallet, ContractFactory, Contract, getAddress, id, ZeroAddress } = require("ethers");

const ROOT = path.resolve(__dirname, "..");
const HARDHAT_ACCOUNT_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

function usage(message) {
  if (message) process.stderr.write(`deploy.js: ${message}\n`);
  process.stderr.write(
    "usage: node scripts/deploy.js --rpc <url> --out <file.json> [--fee <wei>] " +
      "[--node <address>,<url>[,<pkcs1-pem-file>]]... [--registry-public-key <pem-file>] [--name <registry name>] " +
      "[--inference-node <address>,<url>[,<pkcs1-pem-file>]]... [--refund-lock-time <seconds>]\n",
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { fee: "100", nodes: [], inferenceNodes: [], name: "DataRegistry", registryPublicKey: null, lockTime: "3600" };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = argv[i + 1];
    const need = () => {
      if (value === undefined) usage(`${key} needs a value`);
      i++;
      return value;
    };
    switch (key) {
      case "--rpc": opts.rpc = need(); break;
      case "--out": opts.out = need(); break;
      case "--fee": opts.fee = need(); break;
      case "--name": opts.name = need(); break;
      case "--registry-public-key": opts.registryPublicKey = need(); break;
      case "--refund-lock-time": opts.lockTime = need(); break;
      case "--node": opts.nodes.push(nodeSpec(key, need())); break;
      case "--inference-node": opts.inferenceNodes.push(nodeSpec(key, need())); break;
      case "-h": case "--help": usage(); break;
      default: usage(`unknown argument ${key}`);
    }
  }
  if (!opts.rpc || !opts.out) usage("--rpc and --out are required");
  if (!/^\d+$/.test(opts.fee)) usage(`--fee must be a decimal wei amount, got ${opts.fee}`);
  if (!/^\d+$/.test(opts.lockTime)) usage(`--refund-lock-time must be decimal seconds, got ${opts.lockTime}`);
  return opts;
}

function nodeSpec(key, spec) {
  const first = spec.indexOf(",");
  if (first < 0) usage(`${key} ${spec}: expected <address>,<url>[,<pem-file>]`);
  const second = spec.indexOf(",", first + 1);
  const address = spec.slice(0, first);
  const url = second < 0 ? spec.slice(first + 1) : spec.slice(first + 1, second);
  const pemFile = second < 0 ? null : spec.slice(second + 1);
  return { address, url, pemFile };
}

function readNodes(specs) {
  return specs.map((n) => ({
    address: getAddress(n.address),
    url: n.url,
    publicKeyFile: n.pemFile ? path.resolve(n.pemFile) : null,
    publicKey: n.pemFile ? fs.readFileSync(n.pemFile, "utf8") : "",
  }));
}

function artifact(name) {
  const abi = JSON.parse(fs.readFileSync(path.join(ROOT, "artifacts", `${name}.abi.json`), "utf8"));
  const bytecode = "0x" + fs.readFileSync(path.join(ROOT, "artifacts", `${name}.bin`), "utf8").trim();
  return { abi, bytecode };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const provider = new JsonRpcProvider(opts.rpc, undefined, { pollingInterval: 50, batchMaxCount: 1 });
  const network = await provider.getNetwork();
  const deployer = new Wallet(process.env.DEPLOYER_PRIVATE_KEY || HARDHAT_ACCOUNT_0, provider);
  const deployerAddress = await deployer.getAddress();

  const nodes = readNodes(opts.nodes);
  const inferenceNodes = readNodes(opts.inferenceNodes);
  const registryPublicKey = opts.registryPublicKey ? fs.readFileSync(opts.registryPublicKey, "utf8") : "";

  let nonce = await provider.getTransactionCount(deployerAddress, "pending");
  const deploy = async (name, ...args) => {
    const { abi, bytecode } = artifact(name);
    const contract = await new ContractFactory(abi, bytecode, deployer).deploy(...args, { nonce: nonce++ });
    return contract;
  };

  // Deploy all three, sending with explicit nonces and waiting afterwards (works with automine and interval mining).
  const dat = await deploy("DataAnchoringToken", deployerAddress);
  const vc = await deploy("VerifiedComputing", deployerAddress);
  const registry = await deploy(
    "DataRegistry", deployerAddress, opts.name, await dat.getAddress(), await vc.getAddress(), registryPublicKey,
  );
  // Deployed after the first three, so their addresses on a fresh node stay those of deployer nonces 0, 1, 2.
  const settlement = await deploy("Settlement", deployerAddress, ZeroAddress, ZeroAddress, ZeroAddress);
  const inference = await deploy("AIProcess", deployerAddress, await settlement.getAddress(), BigInt(opts.lockTime));
  for (const c of [dat, vc, registry, settlement, inference]) await c.waitForDeployment();
  const [settlementAddress, inferenceAddress] = await Promise.all([settlement, inference].map((c) => c.getAddress()));
  const deploymentBlock = (await dat.deploymentTransaction().wait()).blockNumber;
  const [datAddress, vcAddress, registryAddress] = await Promise.all(
    [dat, vc, registry].map((c) => c.getAddress()),
  );

  const pending = [];
  pending.push(await dat.grantRole(id("MINTER_ROLE"), registryAddress, { nonce: nonce++ }));
  pending.push(await vc.updateNodeFee(BigInt(opts.fee), { nonce: nonce++ }));
  for (const n of nodes) pending.push(await vc.addNode(n.address, n.url, n.publicKey, { nonce: nonce++ }));
  pending.push(await settlement.updateInference(inferenceAddress, { nonce: nonce++ }));
  for (const n of inferenceNodes) {
    pending.push(await inference.addNode(n.address, n.url, n.publicKey, { nonce: nonce++ }));
  }
  for (const tx of pending) {
    const receipt = await tx.wait();
    if (receipt.status !== 1) throw new Error(`transaction ${tx.hash} reverted`);
  }

  // Read back what matters, so a wrong deployment fails here rather than in a test.
  const datRead = new Contract(datAddress, artifact("DataAnchoringToken").abi, provider);
  const vcRead = new Contract(vcAddress, artifact("VerifiedComputing").abi, provider);
  const regRead = new Contract(registryAddress, artifact("DataRegistry").abi, provider);
  const checks = [
    [await datRead.hasRole(id("MINTER_ROLE"), registryAddress), "DAT MINTER_ROLE → DataRegistry"],
    [(await vcRead.nodeFee()) === BigInt(opts.fee), "nodeFee"],
    [getAddress(await regRead.token()) === datAddress, "DataRegistry.token"],
    [getAddress(await regRead.verifiedComputing()) === vcAddress, "DataRegistry.verifiedComputing"],
    [await vcRead.hasRole(id("MAINTAINER_ROLE"), deployerAddress), "VC MAINTAINER_ROLE → deployer"],
  ];
  for (const n of nodes) checks.push([await vcRead.isNode(n.address), `isNode(${n.address})`]);
  const settlementRead = new Contract(settlementAddress, artifact("Settlement").abi, provider);
  const inferenceRead = new Contract(inferenceAddress, artifact("AIProcess").abi, provider);
  checks.push([getAddress(await settlementRead.inference()) === inferenceAddress, "Settlement.inference"]);
  checks.push([getAddress(await inferenceRead.settlement()) === settlementAddress, "Inference.settlement"]);
  for (const n of inferenceNodes) checks.push([await inferenceRead.isNode(n.address), `Inference.isNode(${n.address})`]);
  const failed = checks.filter(([ok]) => !ok).map(([, what]) => what);
  if (failed.length > 0) throw new Error(`post-deploy checks failed: ${failed.join(", ")}`);

  const result = {
    chainId: Number(network.chainId),
    rpc: opts.rpc,
    deployer: deployerAddress,
    dataRegistry: registryAddress,
    verifiedComputing: vcAddress,
    dataAnchoringToken: datAddress,
    nodeFee: opts.fee,
    nodes,
    deploymentBlock,
    registryName: opts.name,
    settlement: settlementAddress,
    inference: inferenceAddress,
    refundLockTime: opts.lockTime,
    inferenceNodes,
  };
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(result, null, 2) + "\n");
  process.stderr.write(
    `deployed to chain ${result.chainId} in ${Date.now() - started} ms: DataRegistry ${registryAddress}, ` +
      `VerifiedComputing ${vcAddress}, DataAnchoringToken ${datAddress}, ${nodes.length} node(s), ` +
      `Settlement ${settlementAddress}, Inference ${inferenceAddress}, ${inferenceNodes.length} inference node(s) → ${opts.out}\n`,
  );
  provider.destroy();
}

main().catch((err) => {
  process.stderr.write(`deploy.js: ${err.stack || err.message}\n`);
  process.exit(1);
});
