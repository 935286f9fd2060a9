// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice The part of VerifiedComputing that DataRegistry calls (protocol doc §2.2).
interface IVerifiedComputing {
    function isNode(address nodeAddress) external view returns (bool);
}
