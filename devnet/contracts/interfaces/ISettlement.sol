// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice What an AIProcess contract (query / inference / training) calls on the Settlement contract.
interface ISettlement {
    /// @notice Books `cost` wei spent by `user` on a node of the calling AIProcess (protocol doc §2.5).
    function settlement(address user, uint256 cost) external;
}
