// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice What the Settlement contract calls on an AIProcess contract (protocol doc §2.4, settlement-only part).
interface IAIProcess {
    function accountExists(address user, address node) external view returns (bool);

    function getAccountPendingRefund(address user, address node) external view returns (uint256);

    function addAccount(address user, address node) external payable;

    function deleteAccount(address user, address node) external;

    function deposit(address user, address node, uint256 cancelRetrievingAmount) external payable;

    function request(address user, address node) external;

    function process(address user, address node)
        external
        returns (uint256 totalAmount, uint256 balance, uint256 pendingRefund);
}
