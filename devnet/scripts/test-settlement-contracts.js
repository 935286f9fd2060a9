// Behaviour tests of Settlement + AIProcess (protocol doc §2.4, §2.5, §9), run by test-contracts.js on the same
// Hardhat node with its helpers. Deploys fresh contracts: Settlement(admin, 0, 0, 0), AIProcess(admin, settlement,
// 3600) wired in as the Settlement's `inference`.
"use strict";

const { JsonRpcProvider, HDNodeWallet, Mnemonic, ContractFactory, AbiCoder, keccak256, ZeroAddress } = require("ethers");

function userSignature(wallet, nonce, user, node) {
  const hash = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "address", "address"], [nonce, user, node]));
  return { hash, signature: wallet.signMessageSync(Buffer.from(hash.slice(2), "hex")) };
}

async function runSettlement(rpc, { ok, expectRevert, mined, eventsOf, artifact, MNEMONIC }) {
  const provider = new JsonRpcProvider(rpc, undefined, { pollingInterval: 50, cacheTimeout: -1 });
  const [admin, node, nodeB, user, stranger] = [10, 11, 12, 13, 14].map((i) =>
    HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(MNEMONIC), `m/44'/60'/0'/0/${i}`).connect(provider));
  const deploy = async (name, ...args) => {
    const { abi, bytecode } = artifact(name);
    const c = await new ContractFactory(abi, bytecode, admin).deploy(...args);
    await c.waitForDeployment();
    return c;
  };
  const settlement = await deploy("Settlement", admin.address, ZeroAddress, ZeroAddress, ZeroAddress);
  const inference = await deploy("AIProcess", admin.address, settlement.target, 3600);
  await mined(settlement.updateInference(inference.target));
  const as = (c, w) => c.connect(w);
  const fee = async (receipt) => receipt.gasUsed * receipt.gasPrice;

  ok((await settlement.inference()) === inference.target && (await inference.settlement()) === settlement.target, "wiring");
  ok((await settlement.version()) === 1n && (await inference.version()) === 1n && (await inference.lockTime()) === 3600n, "version, lockTime");

  // node registry (as VerifiedComputing)
  await expectRevert("AIProcess.addNode by stranger", () => as(inference, stranger).addNode(node.address, "u", "k"), "AccessControlUnauthorizedAccount");
  ok(eventsOf(await mined(inference.addNode(node.address, "http://node", "pem")), inference, "NodeAdded").length === 1, "AIProcess NodeAdded");
  await expectRevert("AIProcess.addNode twice", () => inference.addNode(node.address, "u", "k"), "NodeAlreadyAdded");
  const info = await inference.getNode(node.address);
  ok(info.nodeAddress === node.address && info.url === "http://node" && info.status === 1n && info.publicKey === "pem", "AIProcess.getNode");
  ok((await inference.isNode(node.address)) && !(await inference.isNode(stranger.address)), "AIProcess.isNode");
  ok((await inference.nodeList()).join() === node.address && (await inference.activeNodesCount()) === 1n, "AIProcess.nodeList");

  // users
  await expectRevert("getUser(unknown)", () => settlement.getUser(user.address), "UserNotExists", (a) => a[0] === user.address);
  const added = await mined(as(settlement, user).addUser({ value: 1_000_000n }));
  ok(eventsOf(added, settlement, "UserAdded").length === 1, "UserAdded");
  await expectRevert("addUser twice", () => as(settlement, user).addUser({ value: 1n }), "UserAlreadyExists");
  await mined(as(settlement, user).deposit({ value: 500n }));
  let u = await settlement.getUser(user.address);
  ok(u.availableBalance === 1_000_500n && u.totalBalance === 1_000_500n, "deposit() changes the stored balances (fixed §2.5 bug)");
  const before = await provider.getBalance(user.address);
  const withdrawn = await mined(as(settlement, user).withdraw(500n));
  ok((await provider.getBalance(user.address)) === before + 500n - (await fee(withdrawn)), "withdraw pays out");
  await expectRevert("withdraw above available", () => as(settlement, user).withdraw(2_000_000n), "InsufficientBalance");
  await expectRevert("deposit by non-user", () => as(settlement, stranger).deposit({ value: 1n }), "UserNotExists");

  // accounts
  await expectRevert("getAccount(missing)", () => inference.getAccount(user.address, node.address), "AccountNotExists",
    (a) => a[0] === user.address && a[1] === node.address);
  const dep = await mined(as(settlement, user).depositInference(node.address, 10_000n));
  const bu = eventsOf(dep, inference, "BalanceUpdated")[0];
  ok(bu && bu.args.user === user.address && bu.args.node === node.address && bu.args.amount === 10_000n, "depositInference → BalanceUpdated");
  let acc = await inference.getAccount(user.address, node.address);
  ok(acc.user === user.address && acc.node === node.address && acc.nonce === 0n && acc.balance === 10_000n, "getAccount after deposit");
  u = await settlement.getUser(user.address);
  ok(u.availableBalance === 990_000n && u.totalBalance === 1_000_000n && u.inferenceNodes.join() === node.address, "getUser after deposit");
  ok((await provider.getBalance(inference.target)) === 10_000n, "the account's wei sit in AIProcess");
  await expectRevert("depositInference above available", () => as(settlement, user).depositInference(nodeB.address, 990_001n), "InsufficientBalance");
  await expectRevert("addAccount not from Settlement", () => as(inference, stranger).addAccount(stranger.address, node.address), "CallerNotSettlement");
  await expectRevert("settlement() not from an AIProcess", () => as(settlement, stranger).settlement(user.address, 1n), "CallerNotAIProcess");

  // settlementFees
  const nonce = 170000000000000012345n;
  const good = userSignature(user, nonce, user.address, node.address);
  const fees = (w, cost, n, sig) => as(inference, w).settlementFees({
    signature: "0x", data: { id: "chatcmpl-1", user: user.address, cost, nonce: n, userSignature: sig } });
  await expectRevert("settlementFees by a non-node", () => fees(stranger, 1n, nonce, good.signature), "NodeNotActive");
  const forged = userSignature(stranger, nonce, user.address, node.address);
  await expectRevert("settlementFees with a stranger's signature", () => fees(node, 1n, nonce, forged.signature), "InvalidUserSignature",
    (a) => a[0] === good.hash && a[1] === nonce && a[2] === user.address && a[3] === stranger.address);
  const otherNode = userSignature(user, nonce, user.address, nodeB.address);
  await expectRevert("settlementFees with a signature for another node", () => fees(node, 1n, nonce, otherNode.signature), "InvalidUserSignature");
  await expectRevert("settlementFees with a malformed signature", () => fees(node, 1n, nonce, "0x1234"), "InvalidUserSignature");
  await expectRevert("settlementFees above the balance", () => fees(node, 10_001n, nonce, good.signature), "InsufficientBalance",
    (a) => a[0] === user.address && a[1] === node.address);
  const nodeBefore = await provider.getBalance(node.address);
  const settled = await mined(fees(node, 300n, nonce, good.signature));
  const ev = eventsOf(settled, inference, "BalanceUpdated")[0];
  ok(ev && ev.args.user === user.address && ev.args.node === node.address && ev.args.amount === 9_700n && ev.args.pendingRefund === 0n,
    "settlementFees → BalanceUpdated(user, node, 9700, 0)");
  ok((await provider.getBalance(node.address)) === nodeBefore + 300n - (await fee(settled)), "the node is paid the cost");
  acc = await inference.getAccount(user.address, node.address);
  ok(acc.nonce === nonce && acc.balance === 9_700n, "account nonce = settled nonce, balance − cost");
  ok((await settlement.getUser(user.address)).totalBalance === 999_700n && (await inference.getNode(node.address)).amount === 300n,
    "Settlement totalBalance and node amount booked");
  const lower = userSignature(user, nonce - 1n, user.address, node.address);
  await expectRevert("settlementFees with a nonce below the account's", () => fees(node, 1n, nonce - 1n, lower.signature), "NonceTooLow");
  await mined(fees(node, 0n, nonce, good.signature));
  ok((await inference.getAccount(user.address, node.address)).balance === 9_700n, "nonce equal to the account's is accepted on chain (>=, §2.4)");

  // refunds: retrieve requests the free balance, fees eat into a pending refund, matured refunds return to available
  await mined(as(settlement, user).retrieveInference([node.address]));
  acc = await inference.getAccount(user.address, node.address);
  ok(acc.pendingRefund === 9_700n && acc.refunds.length === 1 && acc.refunds[0].amount === 9_700n, "retrieveInference requests a refund");
  ok((await settlement.getUser(user.address)).availableBalance === 990_000n, "nothing returned before the lock time");
  const n2 = nonce + 1n;
  await mined(fees(node, 700n, n2, userSignature(user, n2, user.address, node.address).signature));
  acc = await inference.getAccount(user.address, node.address);
  ok(acc.balance === 9_000n && acc.pendingRefund === 9_000n && acc.refunds[0].amount === 9_000n, "a fee consumes the pending refund");
  await provider.send("evm_increaseTime", [3601]);
  await provider.send("evm_mine", []);
  await mined(as(settlement, user).retrieveInference([node.address]));
  acc = await inference.getAccount(user.address, node.address);
  u = await settlement.getUser(user.address);
  ok(acc.balance === 0n && acc.pendingRefund === 0n && acc.refunds[0].processed, "matured refund processed");
  ok(u.availableBalance === 999_000n && u.totalBalance === 999_000n && (await provider.getBalance(inference.target)) === 0n,
    "matured refund paid back to Settlement and available again");

  // re-deposit cancels nothing (no pending refund), deleteUser pays everything back
  await mined(as(settlement, user).depositInference(node.address, 4_000n));
  ok((await inference.getAccount(user.address, node.address)).balance === 4_000n, "deposit into an existing account");
  const beforeDelete = await provider.getBalance(user.address);
  const deleted = await mined(as(settlement, user).deleteUser());
  ok(eventsOf(deleted, settlement, "UserDeleted").length === 1, "UserDeleted");
  ok((await provider.getBalance(user.address)) === beforeDelete + 999_000n - (await fee(deleted)), "deleteUser pays available + accounts back");
  ok(!(await inference.accountExists(user.address, node.address)) && (await provider.getBalance(settlement.target)) === 0n,
    "deleteUser removes the accounts");
  await expectRevert("getUser after deleteUser", () => settlement.getUser(user.address), "UserNotExists");
  provider.destroy();
}

module.exports = { runSettlement };
