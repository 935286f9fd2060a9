// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IAIProcess} from "./interfaces/IAIProcess.sol";
import {ISettlement} from "./interfaces/ISettlement.sol";

/// @title AIProcess — local re-implementation of LazAI's query / inference / training contract (protocol doc §2.4).
/// @notice One contract per service kind (the devnet deploys it as "Inference"). A maintainer registers nodes; a
///         user funds a per-node account through the Settlement contract; the node charges the account with
///         `settlementFees`, carrying the user's EIP-191 signature of keccak256(abi.encode(nonce, user, node)).
///         Refunds: Settlement `retrieve…` first `process`es matured refunds (older than `lockTime`, paid back to
///         Settlement) and then `request`s a new one for the rest of the free balance.
contract AIProcess is AccessControl, Pausable, ReentrancyGuard, IAIProcess {
    using EnumerableSet for EnumerableSet.AddressSet;
    using EnumerableSet for EnumerableSet.Bytes32Set;

    bytes32 public constant MAINTAINER_ROLE = keccak256("MAINTAINER_ROLE");

    enum NodeStatus {
        None,
        Active,
        Removed
    }

    struct NodeInfo {
        address nodeAddress;
        string url;
        NodeStatus status;
        uint256 amount;
        uint256 jobsCount;
        string publicKey;
    }

    struct Refund {
        uint256 index;
        uint256 amount;
        uint256 createdAt;
        bool processed;
    }

    struct Account {
        address user;
        address node;
        uint256 nonce;
        uint256 balance;
        uint256 pendingRefund;
        Refund[] refunds;
    }

    struct SettlementData {
        string id;
        address user;
        uint256 cost;
        uint256 nonce;
        bytes userSignature;
    }

    struct Settlement {
        bytes signature;
        SettlementData data;
    }

    struct Node {
        string url;
        NodeStatus status;
        uint256 amount; // fees settled to the node, ever
        string publicKey;
    }

    ISettlement private _settlement;
    uint256 public lockTime;

    mapping(address nodeAddress => Node) private _nodes;
    EnumerableSet.AddressSet private _nodeList;
    EnumerableSet.AddressSet private _activeNodeList;
    mapping(bytes32 key => Account) private _accounts;
    EnumerableSet.Bytes32Set private _accountKeys;

    event NodeAdded(address indexed nodeAddress);
    event NodeRemoved(address indexed nodeAddress);
    event SettlementUpdated(address newSettlement);
    event BalanceUpdated(address indexed user, address indexed node, uint256 amount, uint256 pendingRefund);

    error NodeAlreadyAdded();
    error NodeNotActive();
    error NoActiveNode();
    error AccountNotExists(address user, address node);
    error AccountAlreadyExists(address user, address node);
    error InsufficientBalance(address user, address node);
    error InvalidUserSignature(bytes32 messageHash, uint256 nonce, address user, address signer);
    error NonceTooLow();
    error CallerNotSettlement();
    error TransferFailed();

    modifier onlySettlement() {
        if (msg.sender != address(_settlement)) revert CallerNotSettlement();
        _;
    }

    constructor(address admin, address settlementAddress, uint256 lockTime_) {
        _settlement = ISettlement(settlementAddress);
        lockTime = lockTime_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MAINTAINER_ROLE, admin);
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    // ----------------------------------------------------------------------------------------- admin

    function pause() external onlyRole(MAINTAINER_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(MAINTAINER_ROLE) {
        _unpause();
    }

    /// @notice The Settlement contract allowed to manage accounts (and told about every settled fee).
    function settlement() external view returns (address) {
        return address(_settlement);
    }

    function updateSettlement(address newSettlement) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _settlement = ISettlement(newSettlement);
        emit SettlementUpdated(newSettlement);
    }

    function addNode(address nodeAddress, string calldata url, string calldata publicKey)
        external
        onlyRole(MAINTAINER_ROLE)
    {
        Node storage node = _nodes[nodeAddress];
        if (node.status == NodeStatus.Active) revert NodeAlreadyAdded();
        node.url = url;
        node.publicKey = publicKey;
        node.status = NodeStatus.Active;
        _nodeList.add(nodeAddress);
        _activeNodeList.add(nodeAddress);
        emit NodeAdded(nodeAddress);
    }

    function removeNode(address nodeAddress) external onlyRole(MAINTAINER_ROLE) {
        Node storage node = _nodes[nodeAddress];
        if (node.status != NodeStatus.Active) revert NodeNotActive();
        node.status = NodeStatus.Removed;
        _activeNodeList.remove(nodeAddress);
        emit NodeRemoved(nodeAddress);
    }

    // ----------------------------------------------------------------------------------------- nodes

    function nodeList() external view returns (address[] memory) {
        return _nodeList.values();
    }

    function nodeListAt(uint256 index) external view returns (NodeInfo memory) {
        return getNode(_nodeList.at(index));
    }

    function nodesCount() external view returns (uint256) {
        return _nodeList.length();
    }

    function activeNodeList() external view returns (address[] memory) {
        return _activeNodeList.values();
    }

    function activeNodeListAt(uint256 index) external view returns (NodeInfo memory) {
        return getNode(_activeNodeList.at(index));
    }

    function activeNodesCount() external view returns (uint256) {
        return _activeNodeList.length();
    }

    function isNode(address nodeAddress) external view returns (bool) {
        return _nodes[nodeAddress].status == NodeStatus.Active;
    }

    /// @notice Node details; an address never added yields an all-empty NodeInfo. `amount` = fees settled ever,
    ///         `jobsCount` is always 0 (AIProcess has no jobs).
    function getNode(address nodeAddress) public view returns (NodeInfo memory) {
        Node storage node = _nodes[nodeAddress];
        NodeInfo memory info;
        if (node.status != NodeStatus.None) {
            info = NodeInfo({
                nodeAddress: nodeAddress,
                url: node.url,
                status: node.status,
                amount: node.amount,
                jobsCount: 0,
                publicKey: node.publicKey
            });
        }
        return info;
    }

    // ----------------------------------------------------------------------------------------- accounts

    function getAccount(address user, address node) external view returns (Account memory) {
        return _account(user, node);
    }

    function getAccountPendingRefund(address user, address node) external view returns (uint256) {
        return _account(user, node).pendingRefund;
    }

    function getAllAccounts() external view returns (Account[] memory) {
        uint256 count = _accountKeys.length();
        Account[] memory accounts = new Account[](count);
        for (uint256 i = 0; i < count; i++) {
            accounts[i] = _accounts[_accountKeys.at(i)];
        }
        return accounts;
    }

    function accountExists(address user, address node) public view returns (bool) {
        return _accountKeys.contains(_key(user, node));
    }

    function addAccount(address user, address node) external payable onlySettlement {
        bytes32 key = _key(user, node);
        if (!_accountKeys.add(key)) revert AccountAlreadyExists(user, node);
        Account storage account = _accounts[key];
        account.user = user;
        account.node = node;
        account.balance = msg.value;
        emit BalanceUpdated(user, node, msg.value, 0);
    }

    /// @notice Deletes the account and sends its whole balance back to Settlement (which credits the user).
    function deleteAccount(address user, address node) external onlySettlement nonReentrant {
        bytes32 key = _key(user, node);
        if (!_accountKeys.remove(key)) return;
        uint256 amount = _accounts[key].balance;
        delete _accounts[key];
        _pay(address(_settlement), amount);
    }

    /// @notice Adds msg.value and cancels up to `cancelRetrievingAmount` of pending refunds (they stay in the balance).
    function deposit(address user, address node, uint256 cancelRetrievingAmount) external payable onlySettlement {
        Account storage account = _account(user, node);
        for (uint256 i = 0; i < account.refunds.length && cancelRetrievingAmount > 0; i++) {
            Refund storage refund = account.refunds[i];
            if (refund.processed || refund.amount == 0) continue;
            uint256 cancel = refund.amount < cancelRetrievingAmount ? refund.amount : cancelRetrievingAmount;
            refund.amount -= cancel;
            account.pendingRefund -= cancel;
            cancelRetrievingAmount -= cancel;
            if (refund.amount == 0) refund.processed = true;
        }
        account.balance += msg.value;
        emit BalanceUpdated(user, node, account.balance, account.pendingRefund);
    }

    /// @notice Starts a refund of the free balance (balance − pendingRefund), claimable after `lockTime`.
    function request(address user, address node) external onlySettlement {
        Account storage account = _account(user, node);
        uint256 amount = account.balance - account.pendingRefund;
        if (amount == 0) return;
        account.refunds.push(Refund(account.refunds.length, amount, block.timestamp, false));
        account.pendingRefund += amount;
        emit BalanceUpdated(user, node, account.balance, account.pendingRefund);
    }

    /// @notice Pays every matured refund back to Settlement; returns the total paid and the account's new state.
    function process(address user, address node)
        external
        onlySettlement
        nonReentrant
        returns (uint256 totalAmount, uint256 balance, uint256 pendingRefund)
    {
        Account storage account = _account(user, node);
        for (uint256 i = 0; i < account.refunds.length; i++) {
            Refund storage refund = account.refunds[i];
            if (refund.processed || block.timestamp < refund.createdAt + lockTime) continue;
            refund.processed = true;
            account.balance -= refund.amount;
            account.pendingRefund -= refund.amount;
            totalAmount += refund.amount;
        }
        balance = account.balance;
        pendingRefund = account.pendingRefund;
        if (totalAmount > 0) emit BalanceUpdated(user, node, balance, pendingRefund);
        _pay(address(_settlement), totalAmount);
    }

    // ----------------------------------------------------------------------------------------- settlement

    /// @notice An active node charges `data.cost` to the user's account with it. The user's signature over
    ///         keccak256(abi.encode(nonce, user, msg.sender)) (EIP-191) must recover to `data.user`, the account
    ///         must hold the cost (pending refunds are consumed last) and the nonce must not be below the
    ///         account's. The node's own `signature` is not checked (as on LazAI).
    function settlementFees(Settlement calldata settlement) external whenNotPaused nonReentrant {
        if (_nodes[msg.sender].status != NodeStatus.Active) revert NodeNotActive();
        SettlementData calldata data = settlement.data;
        Account storage account = _account(data.user, msg.sender);

        bytes32 messageHash = keccak256(abi.encode(data.nonce, data.user, msg.sender));
        (address signer, ECDSA.RecoverError status,) =
            ECDSA.tryRecover(MessageHashUtils.toEthSignedMessageHash(messageHash), data.userSignature);
        if (status != ECDSA.RecoverError.NoError || signer != data.user) {
            revert InvalidUserSignature(messageHash, data.nonce, data.user, signer);
        }
        if (account.balance < data.cost) revert InsufficientBalance(data.user, msg.sender);
        if (data.nonce < account.nonce) revert NonceTooLow();

        uint256 free = account.balance - account.pendingRefund;
        if (data.cost > free) _consumeRefunds(account, data.cost - free);
        account.balance -= data.cost;
        account.nonce = data.nonce;
        _nodes[msg.sender].amount += data.cost;
        _settlement.settlement(data.user, data.cost);
        emit BalanceUpdated(data.user, msg.sender, account.balance, account.pendingRefund);
        _pay(msg.sender, data.cost);
    }

    function _consumeRefunds(Account storage account, uint256 amount) private {
        account.pendingRefund -= amount;
        for (uint256 i = account.refunds.length; i > 0 && amount > 0; i--) {
            Refund storage refund = account.refunds[i - 1];
            if (refund.processed) continue;
            uint256 take = refund.amount < amount ? refund.amount : amount;
            refund.amount -= take;
            amount -= take;
            if (refund.amount == 0) refund.processed = true;
        }
    }

    function _account(address user, address node) private view returns (Account storage) {
        bytes32 key = _key(user, node);
        if (!_accountKeys.contains(key)) revert AccountNotExists(user, node);
        return _accounts[key];
    }

    function _key(address user, address node) private pure returns (bytes32) {
        return keccak256(abi.encode(user, node));
    }

    function _pay(address to, uint256 amount) private {
        if (amount == 0) return;
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed();
    }
}
