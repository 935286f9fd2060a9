// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IVerifiedComputing} from "./interfaces/IVerifiedComputing.sol";

/// @title VerifiedComputing — local re-implementation of LazAI's proof-job registry (protocol doc §2.2).
/// @notice Nodes are registered by a maintainer; `requestProof` assigns a job round-robin to an active node
///         (`activeNodeList.at(jobId % activeCount)`), the node `completeJob`s it and later `claim`s its fees.
contract VerifiedComputing is AccessControl, Pausable, ReentrancyGuard, IVerifiedComputing {
    using EnumerableSet for EnumerableSet.AddressSet;
    using EnumerableSet for EnumerableSet.UintSet;

    bytes32 public constant MAINTAINER_ROLE = keccak256("MAINTAINER_ROLE");

    enum NodeStatus {
        None,
        Active,
        Removed
    }

    enum JobStatus {
        None,
        Submitted,
        Completed,
        Canceled
    }

    struct Job {
        uint256 fileId;
        uint256 bidAmount;
        JobStatus status;
        uint256 addedTimestamp;
        address ownerAddress;
        address nodeAddress;
    }

    struct NodeInfo {
        address nodeAddress;
        string url;
        NodeStatus status;
        uint256 amount;
        uint256 jobsCount;
        string publicKey;
    }

    struct Node {
        string url;
        NodeStatus status;
        uint256 amount; // fees earned, ever
        uint256 withdrawnAmount; // fees already claimed
        string publicKey;
        EnumerableSet.UintSet jobIdsList; // open (submitted) jobs
    }

    uint256 public nodeFee;
    uint256 public jobsCount;

    mapping(uint256 jobId => Job) private _jobs;
    mapping(address nodeAddress => Node) private _nodes;
    mapping(uint256 fileId => EnumerableSet.UintSet) private _fileJobIds;
    EnumerableSet.AddressSet private _nodeList;
    EnumerableSet.AddressSet private _activeNodeList;

    event NodeAdded(address indexed nodeAddress);
    event NodeRemoved(address indexed nodeAddress);
    event JobSubmitted(uint256 indexed jobId, uint256 indexed fileId, address nodeAddress, uint256 bidAmount);
    event JobCanceled(uint256 indexed jobId);
    event JobComplete(address indexed attestator, uint256 indexed jobId, uint256 indexed fileId);
    event Claimed(address indexed nodeAddress, uint256 amount);

    error NodeAlreadyAdded();
    error NodeNotActive();
    error InsufficientFee();
    error NoActiveNode();
    error InvalidJobStatus();
    error InvalidJobNode();
    error NothingToClaim();
    error NotJobOwner();
    error TransferFailed();

    constructor(address admin) {
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

    function updateNodeFee(uint256 newNodeFee) external onlyRole(MAINTAINER_ROLE) {
        nodeFee = newNodeFee;
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

    function isNode(address nodeAddress) external view override returns (bool) {
        return _nodes[nodeAddress].status == NodeStatus.Active;
    }

    /// @notice Node details; an address never added yields an all-empty NodeInfo (nodeAddress included).
    function getNode(address nodeAddress) public view returns (NodeInfo memory) {
        Node storage node = _nodes[nodeAddress];
        NodeInfo memory info;
        if (node.status != NodeStatus.None) {
            info = NodeInfo({
                nodeAddress: nodeAddress,
                url: node.url,
                status: node.status,
                amount: node.amount,
                jobsCount: node.jobIdsList.length(),
                publicKey: node.publicKey
            });
        }
        return info;
    }

    // ----------------------------------------------------------------------------------------- jobs

    function requestProof(uint256 fileId) external payable {
        _submitJob(fileId);
    }

    function submitJob(uint256 fileId) external payable {
        _submitJob(fileId);
    }

    function fileJobIds(uint256 fileId) external view returns (uint256[] memory) {
        return _fileJobIds[fileId].values();
    }

    function getJob(uint256 jobId) external view returns (Job memory) {
        return _jobs[jobId];
    }

    /// @notice The assigned node marks a submitted job complete and is credited the job's bid.
    function completeJob(uint256 jobId) external whenNotPaused {
        Node storage node = _nodes[msg.sender];
        if (node.status != NodeStatus.Active) revert NodeNotActive();
        Job storage job = _jobs[jobId];
        if (job.status != JobStatus.Submitted) revert InvalidJobStatus();
        if (job.nodeAddress != msg.sender) revert InvalidJobNode();

        node.amount += job.bidAmount;
        job.status = JobStatus.Completed;
        node.jobIdsList.remove(jobId);
        emit JobComplete(msg.sender, jobId, job.fileId);
    }

    /// @notice The job's owner cancels a still-submitted job and gets its bid back.
    function cancelJob(uint256 jobId) external nonReentrant whenNotPaused {
        Job storage job = _jobs[jobId];
        if (job.ownerAddress != msg.sender) revert NotJobOwner();
        if (job.status != JobStatus.Submitted) revert InvalidJobStatus();
        job.status = JobStatus.Canceled;
        _nodes[job.nodeAddress].jobIdsList.remove(jobId);
        emit JobCanceled(jobId);
        uint256 refund = job.bidAmount;
        if (refund != 0) {
            (bool ok,) = payable(msg.sender).call{value: refund}("");
            if (!ok) revert TransferFailed();
        }
    }

    /// @notice Pays the caller (a node, active or removed) all fees earned and not yet claimed.
    function claim() external nonReentrant whenNotPaused {
        Node storage node = _nodes[msg.sender];
        uint256 amount = node.amount - node.withdrawnAmount;
        if (amount == 0) revert NothingToClaim();
        node.withdrawnAmount = node.amount;
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert TransferFailed();
        emit Claimed(msg.sender, amount);
    }

    function _submitJob(uint256 fileId) private whenNotPaused {
        if (msg.value < nodeFee) revert InsufficientFee();
        uint256 activeCount = _activeNodeList.length();
        if (activeCount == 0) revert NoActiveNode();

        uint256 jobId = ++jobsCount;
        address nodeAddress = _activeNodeList.at(jobId % activeCount);
        _jobs[jobId] = Job({
            fileId: fileId,
            bidAmount: msg.value,
            status: JobStatus.Submitted,
            addedTimestamp: block.timestamp,
            ownerAddress: msg.sender,
            nodeAddress: nodeAddress
        });
        _fileJobIds[fileId].add(jobId);
        _nodes[nodeAddress].jobIdsList.add(jobId);
        emit JobSubmitted(jobId, fileId, nodeAddress, msg.value);
    }
}
