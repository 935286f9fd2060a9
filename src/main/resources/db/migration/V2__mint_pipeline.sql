-- The pipeline's own record: one row per token that moves through the mint states, and the
-- history of its transitions (each step's time, shown by the API and the dashboard).
-- Token addresses are stored lower-case; the case-insensitive collation backs that up.

CREATE TABLE `mint` (
  `id` BIGINT NOT NULL AUTO_INCREMENT,
  `token_address` VARCHAR(42) NOT NULL,
  `file_name` VARCHAR(255) NOT NULL,
  `state` VARCHAR(20) NOT NULL,
  -- Optimistic lock: a step moves the row only from the version it read.
  `version` INT NOT NULL DEFAULT 0,
  `seed` VARCHAR(512) NULL,
  `cid` VARCHAR(128) NULL,
  `url` VARCHAR(512) NULL,
  `file_id` BIGINT UNSIGNED NULL,
  `job_id` BIGINT UNSIGNED NULL,
  `node_address` VARCHAR(42) NULL,
  `register_tx_hash` VARCHAR(66) NULL,
  `proof_tx_hash` VARCHAR(66) NULL,
  `reward_tx_hash` VARCHAR(66) NULL,
  `reward_block_number` BIGINT UNSIGNED NULL,
  `dat_token_id` BIGINT UNSIGNED NULL,
  `dat_amount` DECIMAL(65, 0) NULL,
  `attestator` VARCHAR(42) NULL,
  `attestation_tx_hash` VARCHAR(66) NULL,
  `attestation_block_number` BIGINT UNSIGNED NULL,
  `attempts` INT NOT NULL DEFAULT 0,
  `last_error` VARCHAR(1000) NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_mint_token_address` (`token_address`),
  KEY `ix_mint_state` (`state`, `updated_at`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `mint_transition` (
  `id` BIGINT NOT NULL AUTO_INCREMENT,
  `mint_id` BIGINT NOT NULL,
  `from_state` VARCHAR(20) NULL,
  `to_state` VARCHAR(20) NOT NULL,
  `occurred_at` DATETIME(3) NOT NULL,
  `detail` VARCHAR(1000) NULL,
  PRIMARY KEY (`id`),
  KEY `ix_mint_transition_mint` (`mint_id`, `occurred_at`),
  CONSTRAINT `fk_mint_transition_mint` FOREIGN KEY (`mint_id`) REFERENCES `mint` (`id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
