// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IDataAnchoringToken} from "./interfaces/IDataAnchoringToken.sol";

/// @title DataAnchoringToken (DAT) — local re-implementation of the LazAI ERC-1155 DAT (protocol doc §2.3).
/// @notice Every mint creates a new token id (global counter from 1, unrelated to the registry's fileId).
///         `uri(tokenId)` returns the file URL (the behaviour of the DAT deployed with the published testnet
///         addresses); `fileUrl(tokenId)` is the newer explicit getter.
contract DataAnchoringToken is ERC1155, AccessControl, IDataAnchoringToken {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    uint256 private _tokenIdCounter;
    mapping(uint256 tokenId => string) private _fileUrls;
    mapping(uint256 tokenId => bool) private _verified;

    event TokenMinted(address indexed to, uint256 indexed tokenId, string fileUrl);

    constructor(address admin) ERC1155("") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Mint `amount` of a fresh token id to `to`, anchored to `fileUrl`. MINTER_ROLE only.
    function mint(address to, uint256 amount, string calldata url, bool isVerified)
        external
        override
        onlyRole(MINTER_ROLE)
    {
        uint256 tokenId = ++_tokenIdCounter;
        _fileUrls[tokenId] = url;
        _verified[tokenId] = isVerified;
        _mint(to, tokenId, amount, "");
        emit TokenMinted(to, tokenId, url);
    }

    function setTokenVerified(uint256 tokenId, bool isVerified) external onlyRole(DEFAULT_ADMIN_ROLE) {
        require(_exists(tokenId), "non-existent token");
        _verified[tokenId] = isVerified;
    }

    /// @notice The file URL of `tokenId`; reverts "non-existent token" for ids never minted.
    function uri(uint256 tokenId) public view override returns (string memory) {
        require(_exists(tokenId), "non-existent token");
        return _fileUrls[tokenId];
    }

    /// @notice The file URL of `tokenId` ("" for ids never minted).
    function fileUrl(uint256 tokenId) external view returns (string memory) {
        return _fileUrls[tokenId];
    }

    function verified(uint256 tokenId) external view returns (bool) {
        return _verified[tokenId];
    }

    /// @notice The last token id minted (0 before the first mint).
    function currentTokenId() external view returns (uint256) {
        return _tokenIdCounter;
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    function _exists(uint256 tokenId) private view returns (bool) {
        return tokenId != 0 && tokenId <= _tokenIdCounter;
    }
}
