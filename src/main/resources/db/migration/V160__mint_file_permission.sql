-- The file permission (docs/mint.md, "File permission"): the addPermissionForFile transaction that
-- granted the DataRegistry address the file's password, wrapped for the registry's RSA key, so
-- that the LazAI inference and query nodes can read the file. NULL: not granted (yet).
ALTER TABLE `mint` ADD COLUMN `permission_tx_hash` VARCHAR(66) NULL AFTER `transfer_tx_hash`;
