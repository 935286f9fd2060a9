-- What each confirmed transaction cost (docs/api.md, "costs"): recorded from its receipt by the
-- sender that saw it mined. gas_used × effective_gas_price is the gas paid in wei; the value sent
-- (value_wei) is paid only when the transaction succeeded. NULL: not confirmed yet, or confirmed
-- before this migration (never recorded).
ALTER TABLE `chain_tx` ADD COLUMN `gas_used` BIGINT UNSIGNED NULL AFTER `block_number`;
ALTER TABLE `chain_tx` ADD COLUMN `effective_gas_price` DECIMAL(65, 0) NULL AFTER `gas_used`;
