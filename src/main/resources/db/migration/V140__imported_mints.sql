-- Mints adopted from the original Node service: a LazAIMintDAT row means the original minted the
-- token, so the service records it as a mint (REWARDED, or ATTESTED when the row has an
-- attestation) built from the row's columns, never sends it to the chain again, and leaves the
-- original's row as it is. imported_at says when (NULL: a mint this service ran).
-- One column per ALTER: H2's MySQL mode (the embedded quickstart database) takes no list of ADDs.
ALTER TABLE `mint` ADD COLUMN `imported_at` DATETIME(3) NULL;
