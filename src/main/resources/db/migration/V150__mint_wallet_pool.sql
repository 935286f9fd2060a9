-- The sender pool (docs/mint.md, "Wallets"): the wallet that registered a mint's file sends every
-- later write of that mint, and the DAT goes to that wallet (the file owner); with a treasury
-- configured it is then transferred there once. NULL wallet: a mint registered before the pool
-- existed, by the service wallet.

-- One column per ALTER: H2's MySQL mode (the embedded quickstart database) takes no list of ADDs.
ALTER TABLE `mint` ADD COLUMN `wallet` VARCHAR(42) NULL AFTER `register_tx_hash`;
-- Who holds the DAT as far as the service knows: the registering wallet after the reward, the
-- treasury after the transfer.
ALTER TABLE `mint` ADD COLUMN `dat_owner` VARCHAR(42) NULL AFTER `dat_amount`;
ALTER TABLE `mint` ADD COLUMN `transfer_tx_hash` VARCHAR(66) NULL AFTER `dat_owner`;

CREATE INDEX `ix_mint_wallet` ON `mint` (`wallet`);
