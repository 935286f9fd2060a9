-- What lets several instances share the pipeline and come back to a mint later: a lease (one
-- worker at a time runs a mint's steps; a crashed worker's lease runs out), the time a mint is next
-- due for the sweeper (after a retryable failure, with backoff), and the proof request's time and
-- count, which the proof deadline policy reads.

-- One column per ALTER: H2's MySQL mode (the embedded quickstart database) takes no list of ADDs.
ALTER TABLE `mint` ADD COLUMN `proof_requested_at` DATETIME(3) NULL AFTER `proof_tx_hash`;
ALTER TABLE `mint` ADD COLUMN `proof_requests` INT NOT NULL DEFAULT 0 AFTER `proof_requested_at`;
ALTER TABLE `mint` ADD COLUMN `next_attempt_at` DATETIME(3) NULL AFTER `attempts`;
ALTER TABLE `mint` ADD COLUMN `lease_owner` VARCHAR(64) NULL AFTER `next_attempt_at`;
ALTER TABLE `mint` ADD COLUMN `leased_until` DATETIME(3) NULL AFTER `lease_owner`;

CREATE INDEX `ix_mint_due` ON `mint` (`state`, `next_attempt_at`);
