-- One sender per wallet, safe for several instances: nonces are handed out under a row lock, and
-- every transaction is stored with its signed bytes before it is broadcast, so a crash or a retry
-- looks the transaction up instead of sending it again. Fee bumps add attempts (same nonce, new
-- hash); whichever attempt is mined completes the transaction.

CREATE TABLE `wallet_nonce` (
  `wallet` VARCHAR(42) NOT NULL,
  `next_nonce` BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (`wallet`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `chain_tx` (
  `id` BIGINT NOT NULL AUTO_INCREMENT,
  `wallet` VARCHAR(42) NOT NULL,
  `nonce` BIGINT UNSIGNED NOT NULL,
  -- The caller's name for the intent ("mint 0x… addFile"): sending it again returns this row.
  `intent_key` VARCHAR(191) NULL,
  `purpose` VARCHAR(255) NOT NULL,
  `to_address` VARCHAR(42) NOT NULL,
  `value_wei` DECIMAL(65, 0) NOT NULL,
  `data` MEDIUMTEXT NOT NULL,
  `gas_limit` BIGINT UNSIGNED NOT NULL,
  -- PENDING, MINED, REVERTED, or DROPPED when another sender used the nonce first.
  `state` VARCHAR(16) NOT NULL,
  `mined_hash` VARCHAR(66) NULL,
  `block_number` BIGINT UNSIGNED NULL,
  `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `updated_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_chain_tx_nonce` (`wallet`, `nonce`),
  UNIQUE KEY `uq_chain_tx_intent` (`intent_key`),
  KEY `ix_chain_tx_state` (`wallet`, `state`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `chain_tx_attempt` (
  `id` BIGINT NOT NULL AUTO_INCREMENT,
  `tx_id` BIGINT NOT NULL,
  `hash` VARCHAR(66) NOT NULL,
  `raw` MEDIUMTEXT NOT NULL,
  `gas_price` DECIMAL(65, 0) NOT NULL,
  `sent_at` DATETIME(3) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_chain_tx_attempt_hash` (`hash`),
  KEY `ix_chain_tx_attempt_tx` (`tx_id`),
  CONSTRAINT `fk_chain_tx_attempt_tx` FOREIGN KEY (`tx_id`) REFERENCES `chain_tx` (`id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
