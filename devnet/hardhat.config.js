// Hardhat 2 configuration for the local LazAI devnet.
// Only the in-process `hardhat` network is used (via `npx hardhat node`); contracts are
// compiled with solc-js by scripts/compile.js, never through Hardhat.
/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  defaultNetwork: "hardhat",
  networks: {
    hardhat: {
      chainId: 133718, // LazAI testnet chain id (0x20a56)
      accounts: {
        // Hardhat's well-known default mnemonic (test only, publicly known keys).
        mnemonic: "test test test test test test test test test test test junk",
        path: "m/44'/60'/0'/0",
        initialIndex: 0,
        count: 20,
        accountsBalance: "10000000000000000000000" // 10,000 ETH
      },
      hardfork: "cancun",
      mining: { auto: true, interval: 0 },
      allowUnlimitedContractSize: false
    }
  },
  paths: {
    // keep Hardhat's own caches out of the way of our solc-js artifacts
    artifacts: "./.hardhat/artifacts",
    cache: "./.hardhat/cache",
    sources: "./contracts"
  }
};
