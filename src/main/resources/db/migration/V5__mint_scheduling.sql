-- What lets several instances share the pipeline and come back to a mint later: a lease (one
-- worker at a time runs a mint's steps; a crashed worker's lease runs out), the time a mint is next
-- due for the sweeper (after a retryable failure, with backoff), and the proof request's time and
-- count, which the proof deadline policy reads.

ALTER TABLE `mint`
  ADD COLUMN `proof_requested_at` DATETIME(3) NULL AFTER `proof_tx_hash`,
  ADD COLUMN `proof_requests` INT NOT NULL DEFAULT 0 AFTER `proof_requested_at`,
  ADD COLUMN `next_attempt_at` DATETIME(3) NULL AFTER `attempts`,
  ADD COLUMN `lease_owner` VARCHAR(64) NULL AFTER `next_attempt_at`,
  ADD COLUMN `leased_until` DATETIME(3) NULL AFTER `lease_owner`;

CREATE INDEX `ix_mint_due` ON `mint` (`state`, `next_attempt_at`);
