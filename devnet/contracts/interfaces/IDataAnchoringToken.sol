// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice The part of the DAT that DataRegistry calls (protocol doc §2.3).
interface IDataAnchoringToken {
    function mint(address to, uint256 amount, string calldata fileUrl, bool verified) external;
}
