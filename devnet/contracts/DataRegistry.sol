// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IDataAnchoringToken} from "./interfaces/IDataAnchoringToken.sol";
import {IVerifiedComputing} from "./interfaces/IVerifiedComputing.sol";

/// @title DataRegistry — local re-implementation of LazAI's file/proof/reward registry (protocol doc §2.1).
/// @notice Files are keyed by id (from 1) and by keccak256 of their exact URL. Anyone may add a proof;
///         `requestReward` accepts a proof only if its EIP-191 signature over keccak256(abi.encode(data))
///         recovers to an active VerifiedComputing node, then mints a fresh DAT id of `score` units to the
///         file owner.
contract DataRegistry is AccessControl, Pausable, ReentrancyGuard {
    bytes32 public constant MAINTAINER_ROLE = keccak256("MAINTAINER_ROLE");

    struct ProofData {
        uint256 id;
        uint256 score;
        string fileUrl;
        string proofUrl;
    }

    struct Proof {
        bytes signature;
        ProofData data;
    }

    struct Permission {
        address account;
        string key;
    }

    struct FileResponse {
        uint256 id;
        address ownerAddress;
        string url;
        string hash;
        uint256 proofIndex;
        uint256 rewardAmount;
    }

    struct File {
        uint256 id;
        address ownerAddress;
        string url;
        string hash;
        uint256 timestamp;
        uint256 proofIndex;
        uint256 proofsCount;
        uint256 rewardAmount;
        mapping(uint256 proofIndex => Proof) proofs;
        mapping(address account => string) permissions;
    }

    string public name;
    uint256 public filesCount;
    IDataAnchoringToken public token;
    IVerifiedComputing public verifiedComputing;
    string public publicKey;

    mapping(uint256 fileId => File) private _files;
    mapping(bytes32 urlHash => uint256 fileId) private _urlHashToFileId;

    event FileAdded(uint256 indexed fileId, address indexed ownerAddress, string url);
    event ProofAdded(uint256 indexed fileId, address indexed ownerAddress, uint256 proofIndex, string proofUrl);
    event PermissionGranted(uint256 indexed fileId, address indexed account);
    event RewardRequested(
        address indexed contributorAddress, uint256 indexed fileId, uint256 indexed proofIndex, uint256 rewardAmount
    );
    event PublicKeyUpdated(string newPublicKey);
    event TokenUpdated(address newToken);
    event VerifiedComputingUpdated(address newVerifiedComputing);

    error NotFileOwner();
    error FileUrlAlreadyUsed();
    error FileNotFound();
    error FileAlreadyRewarded();
    error NoPermission();
    error InvalidUrl();
    error InvalidAttestator(bytes32 messageHash, bytes signature, address signer);

    constructor(
        address admin,
        string memory name_,
        IDataAnchoringToken token_,
        IVerifiedComputing verifiedComputing_,
        string memory publicKey_
    ) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MAINTAINER_ROLE, admin);
        name = name_;
        token = token_;
        verifiedComputing = verifiedComputing_;
        publicKey = publicKey_;
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

    function updatePublicKey(string calldata newPublicKey) external onlyRole(MAINTAINER_ROLE) {
        publicKey = newPublicKey;
        emit PublicKeyUpdated(newPublicKey);
    }

    function updateToken(IDataAnchoringToken newToken) external onlyRole(MAINTAINER_ROLE) {
        token = newToken;
        emit TokenUpdated(address(newToken));
    }

    function updateVerifiedComputing(IVerifiedComputing newVerifiedComputing) external onlyRole(MAINTAINER_ROLE) {
        verifiedComputing = newVerifiedComputing;
        emit VerifiedComputingUpdated(address(newVerifiedComputing));
    }

    // ----------------------------------------------------------------------------------------- files

    function addFile(string calldata url, string calldata hash) external whenNotPaused returns (uint256) {
        return _addFile(url, hash, msg.sender);
    }

    function addFileWithPermissions(
        string calldata url,
        string calldata hash,
        address ownerAddress,
        Permission[] calldata permissions
    ) external whenNotPaused returns (uint256) {
        uint256 fileId = _addFile(url, hash, ownerAddress);
        for (uint256 i = 0; i < permissions.length; i++) {
            _addPermission(fileId, permissions[i].account, permissions[i].key);
        }
        return fileId;
    }

    function addPermissionForFile(uint256 fileId, address account, string calldata key) external whenNotPaused {
        if (_files[fileId].ownerAddress != msg.sender) revert NotFileOwner();
        _addPermission(fileId, account, key);
    }

    function getFile(uint256 fileId) external view returns (FileResponse memory) {
        File storage file = _files[fileId];
        return FileResponse({
            id: file.id,
            ownerAddress: file.ownerAddress,
            url: file.url,
            hash: file.hash,
            proofIndex: file.proofIndex,
            rewardAmount: file.rewardAmount
        });
    }

    /// @notice The id of the file registered under exactly `url`, 0 if none.
    function getFileIdByUrl(string calldata url) external view returns (uint256) {
        return _urlHashToFileId[keccak256(bytes(url))];
    }

    function getFilePermission(uint256 fileId, address account) external view returns (string memory) {
        return _files[fileId].permissions[account];
    }

    function getFileProof(uint256 fileId, uint256 index) external view returns (Proof memory) {
        return _files[fileId].proofs[index];
    }

    // ----------------------------------------------------------------------------------------- proofs

    /// @notice Stores `proof` as the file's next proof (indexes from 1). Unchecked here: the signature is
    ///         verified only when a reward is requested.
    function addProof(uint256 fileId, Proof calldata proof) external whenNotPaused {
        File storage file = _files[fileId];
        uint256 proofIndex = ++file.proofsCount;
        file.proofs[proofIndex] = proof;
        emit ProofAdded(fileId, file.ownerAddress, proofIndex, proof.data.proofUrl);
    }

    function requestReward(uint256 fileId, uint256 proofIndex) external nonReentrant whenNotPaused {
        File storage file = _files[fileId];
        Proof storage proof = file.proofs[proofIndex];
        if (file.rewardAmount != 0) revert FileAlreadyRewarded();

        ProofData memory data = proof.data;
        bytes memory signature = proof.signature;
        bytes32 messageHash = keccak256(abi.encode(data));
        address signer = ECDSA.recover(MessageHashUtils.toEthSignedMessageHash(messageHash), signature);
        if (!verifiedComputing.isNode(signer)) revert InvalidAttestator(messageHash, signature, signer);

        uint256 score = data.score;
        file.timestamp = block.timestamp;
        file.proofIndex = proofIndex;
        file.rewardAmount = score;

        token.mint(file.ownerAddress, score, file.url, true);
        emit RewardRequested(file.ownerAddress, fileId, proofIndex, score);
    }

    // ----------------------------------------------------------------------------------------- internal

    function _addFile(string calldata url, string calldata hash, address ownerAddress) private returns (uint256) {
        bytes32 urlHash = keccak256(bytes(url));
        if (_urlHashToFileId[urlHash] != 0) revert FileUrlAlreadyUsed();

        uint256 fileId = ++filesCount;
        File storage file = _files[fileId];
        file.id = fileId;
        file.ownerAddress = ownerAddress;
        file.url = url;
        file.hash = hash;
        _urlHashToFileId[urlHash] = fileId;
        emit FileAdded(fileId, ownerAddress, url);
        return fileId;
    }

    function _addPermission(uint256 fileId, address account, string calldata key) private {
        _files[fileId].permissions[account] = key;
        emit PermissionGranted(fileId, account);
    }
}
