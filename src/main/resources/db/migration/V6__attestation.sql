-- Attestation tracking (lazai-protocol §13.7): the JobComplete log poller's cursor, the block hashes
-- it re-checks to notice reorgs, every log it saw (deduplicated by tx hash and log index) with its
-- verdict, the verified attestations by job id, the lease that lets one instance poll at a time,
-- and the mints flagged as not attested within the deadline.

CREATE TABLE `attestation_cursor` (
  `name` VARCHAR(32) NOT NULL,
  -- The first block not yet read.
  `next_block` BIGINT UNSIGNED NOT NULL,
  -- Where the poller started; logs before it are found by targeted checks only.
  `start_block` BIGINT UNSIGNED NOT NULL,
  `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`name`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The hash of the last block of each range read: if the newest no longer matches the chain, a reorg
-- happened, and the newest one that still matches is where reading resumes.
CREATE TABLE `attestation_checkpoint` (
  `block_number` BIGINT UNSIGNED NOT NULL,
  `block_hash` VARCHAR(66) NOT NULL,
  PRIMARY KEY (`block_number`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `attestation_log` (
  `tx_hash` VARCHAR(66) NOT NULL,
  `log_index` INT NOT NULL,
  `block_number` BIGINT UNSIGNED NOT NULL,
  `block_hash` VARCHAR(66) NOT NULL,
  `emitter` VARCHAR(42) NOT NULL,
  `attestator` VARCHAR(42) NOT NULL,
  `job_id` DECIMAL(65, 0) NOT NULL,
  `file_id` DECIMAL(65, 0) NOT NULL,
  -- VERIFIED or REJECTED (with the reason).
  `verdict` VARCHAR(16) NOT NULL,
  `reason` VARCHAR(500) NULL,
  `seen_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`tx_hash`, `log_index`),
  KEY `ix_attestation_log_block` (`block_number`),
  KEY `ix_attestation_log_job` (`job_id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `attestation` (
  `job_id` DECIMAL(65, 0) NOT NULL,
  `file_id` DECIMAL(65, 0) NOT NULL,
  `attestator` VARCHAR(42) NOT NULL,
  `tx_hash` VARCHAR(66) NOT NULL,
  `log_index` INT NOT NULL,
  `block_number` BIGINT UNSIGNED NOT NULL,
  `block_hash` VARCHAR(66) NOT NULL,
  `verified_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`job_id`),
  KEY `ix_attestation_block` (`block_number`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `attestation_lease` (
  `name` VARCHAR(32) NOT NULL,
  `owner` VARCHAR(64) NOT NULL,
  -- Grows whenever another instance takes the lease; writes check it under a row lock.
  `fence` BIGINT NOT NULL,
  `expires_at` DATETIME(3) NOT NULL,
  PRIMARY KEY (`name`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `mint_attestation_overdue` (
  `mint_id` BIGINT NOT NULL,
  `flagged_at` DATETIME(3) NOT NULL,
  PRIMARY KEY (`mint_id`),
  CONSTRAINT `fk_mint_attestation_overdue_mint` FOREIGN KEY (`mint_id`) REFERENCES `mint` (`id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
