// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IAIProcess} from "./interfaces/IAIProcess.sol";
import {ISettlement} from "./interfaces/ISettlement.sol";

/// @title Settlement — local re-implementation of LazAI's user wallet for AI services (protocol doc §2.5).
/// @notice A user registers with `addUser{value}`; `availableBalance` is what is not yet moved into a node account,
///         `totalBalance` = available + everything in node accounts (less fees settled). `deposit{Query,Inference,
///         Training}(node, amount)` moves available balance into the AIProcess account (user, node); the node's
///         `settlementFees` calls back `settlement(user, cost)`. Unlike LazAI's published source, `deposit()` and
///         `withdraw()` really change the stored balances, and refunds/deleted accounts really return the wei.
contract Settlement is AccessControl, Pausable, ReentrancyGuard, ISettlement {
    using EnumerableSet for EnumerableSet.AddressSet;

    bytes32 public constant MAINTAINER_ROLE = keccak256("MAINTAINER_ROLE");

    struct User {
        address addr;
        uint256 availableBalance;
        uint256 totalBalance;
        address[] queryNodes;
        address[] inferenceNodes;
        address[] trainingNodes;
    }

    IAIProcess public query;
    IAIProcess public inference;
    IAIProcess public training;

    mapping(address user => User) private _users;
    EnumerableSet.AddressSet private _userList;

    event QueryUpdated(address newQuery);
    event InferenceUpdated(address newInference);
    event TrainingUpdated(address newTraining);
    event UserAdded(address indexed addr);
    event UserDeleted(address indexed addr);

    error UserNotExists(address user);
    error UserAlreadyExists(address user);
    error InsufficientBalance(address user);
    error CallerNotAIProcess();
    error TransferFailed();

    modifier onlyAIProcess() {
        if (msg.sender == address(0)) revert CallerNotAIProcess();
        if (msg.sender != address(query) && msg.sender != address(inference) && msg.sender != address(training)) {
            revert CallerNotAIProcess();
        }
        _;
    }

    constructor(address admin, address query_, address inference_, address training_) {
        query = IAIProcess(query_);
        inference = IAIProcess(inference_);
        training = IAIProcess(training_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MAINTAINER_ROLE, admin);
    }

    /// @notice Only the AIProcess contracts send wei back (matured refunds, deleted accounts).
    receive() external payable onlyAIProcess {}

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

    function updateQuery(address newQuery) external onlyRole(DEFAULT_ADMIN_ROLE) {
        query = IAIProcess(newQuery);
        emit QueryUpdated(newQuery);
    }

    function updateInference(address newInference) external onlyRole(DEFAULT_ADMIN_ROLE) {
        inference = IAIProcess(newInference);
        emit InferenceUpdated(newInference);
    }

    function updateTraining(address newTraining) external onlyRole(DEFAULT_ADMIN_ROLE) {
        training = IAIProcess(newTraining);
        emit TrainingUpdated(newTraining);
    }

    // ----------------------------------------------------------------------------------------- users

    function getUser(address user) external view returns (User memory) {
        return _user(user);
    }

    function getAllUsers() external view returns (User[] memory) {
        uint256 count = _userList.length();
        User[] memory users = new User[](count);
        for (uint256 i = 0; i < count; i++) {
            users[i] = _users[_userList.at(i)];
        }
        return users;
    }

    function addUser() external payable whenNotPaused {
        if (!_userList.add(msg.sender)) revert UserAlreadyExists(msg.sender);
        User storage user = _users[msg.sender];
        user.addr = msg.sender;
        user.availableBalance = msg.value;
        user.totalBalance = msg.value;
        emit UserAdded(msg.sender);
    }

    /// @notice Deletes the user and all its node accounts, paying everything left (available + accounts) back.
    function deleteUser() external nonReentrant {
        User storage user = _user(msg.sender);
        uint256 before = address(this).balance;
        _deleteAccounts(query, user.queryNodes);
        _deleteAccounts(inference, user.inferenceNodes);
        _deleteAccounts(training, user.trainingNodes);
        uint256 amount = user.availableBalance + (address(this).balance - before);
        _userList.remove(msg.sender);
        delete _users[msg.sender];
        emit UserDeleted(msg.sender);
        _pay(msg.sender, amount);
    }

    function deposit() external payable whenNotPaused {
        User storage user = _user(msg.sender);
        user.availableBalance += msg.value;
        user.totalBalance += msg.value;
    }

    function withdraw(uint256 amount) external nonReentrant {
        User storage user = _user(msg.sender);
        if (user.availableBalance < amount) revert InsufficientBalance(msg.sender);
        user.availableBalance -= amount;
        user.totalBalance -= amount;
        _pay(msg.sender, amount);
    }

    function depositQuery(address node, uint256 amount) external whenNotPaused nonReentrant {
        _deposit(query, _users[msg.sender].queryNodes, node, amount);
    }

    function depositInference(address node, uint256 amount) external whenNotPaused nonReentrant {
        _deposit(inference, _users[msg.sender].inferenceNodes, node, amount);
    }

    function depositTraining(address node, uint256 amount) external whenNotPaused nonReentrant {
        _deposit(training, _users[msg.sender].trainingNodes, node, amount);
    }

    /// @notice Collects matured refunds from each node account into availableBalance and requests a refund of
    ///         what is still free in each account (claimable by a later retrieve after the lock time).
    function retrieveQuery(address[] calldata nodes) external nonReentrant {
        _retrieve(query, nodes);
    }

    function retrieveInference(address[] calldata nodes) external nonReentrant {
        _retrieve(inference, nodes);
    }

    function retrieveTraining(address[] calldata nodes) external nonReentrant {
        _retrieve(training, nodes);
    }

    /// @notice Called by an AIProcess when one of its nodes settled `cost` wei of `addr`'s account.
    function settlement(address addr, uint256 cost) external onlyAIProcess {
        User storage user = _user(addr);
        if (user.totalBalance - user.availableBalance < cost) revert InsufficientBalance(addr);
        user.totalBalance -= cost;
    }

    // ----------------------------------------------------------------------------------------- internals

    function _deposit(IAIProcess process, address[] storage nodes, address node, uint256 amount) private {
        User storage user = _user(msg.sender);
        uint256 transfer = amount;
        if (process.accountExists(msg.sender, node)) {
            uint256 pending = process.getAccountPendingRefund(msg.sender, node);
            uint256 cancel = amount < pending ? amount : pending;
            transfer -= cancel;
            if (user.availableBalance < transfer) revert InsufficientBalance(msg.sender);
            user.availableBalance -= transfer;
            process.deposit{value: transfer}(msg.sender, node, cancel);
        } else {
            if (user.availableBalance < transfer) revert InsufficientBalance(msg.sender);
            user.availableBalance -= transfer;
            nodes.push(node);
            process.addAccount{value: transfer}(msg.sender, node);
        }
    }

    function _retrieve(IAIProcess process, address[] calldata nodes) private {
        User storage user = _user(msg.sender);
        uint256 total;
        for (uint256 i = 0; i < nodes.length; i++) {
            (uint256 amount,,) = process.process(msg.sender, nodes[i]);
            total += amount;
            process.request(msg.sender, nodes[i]);
        }
        user.availableBalance += total;
    }

    function _deleteAccounts(IAIProcess process, address[] storage nodes) private {
        for (uint256 i = 0; i < nodes.length; i++) {
            process.deleteAccount(msg.sender, nodes[i]);
        }
    }

    function _user(address addr) private view returns (User storage) {
        if (!_userList.contains(addr)) revert UserNotExists(addr);
        return _users[addr];
    }

    function _pay(address to, uint256 amount) private {
        if (amount == 0) return;
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed();
    }
}
