-- The tables the original Node service reads and writes, with their original names and columns
-- (lazai-protocol.md §13.8), so that existing readers keep working. IF NOT EXISTS: a database the
-- original service already used keeps its tables and rows (Flyway baselines it at version 0).

CREATE TABLE IF NOT EXISTS `LazAIMintDAT` (
  `id` INT NOT NULL AUTO_INCREMENT,
  `tokenAddress` VARCHAR(42) NOT NULL,
  `fileId` BIGINT UNSIGNED NULL,
  `jobId` BIGINT UNSIGNED NULL,
  `transactionHash` VARCHAR(66) NULL,
  `blockNumber` BIGINT UNSIGNED NULL,
  `attestator` VARCHAR(42) NULL,
  `attestatorHash` VARCHAR(66) NULL,
  `attestatorBlockNumber` BIGINT UNSIGNED NULL,
  `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `updatedAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_LazAIMintDAT_tokenAddress` (`tokenAddress`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `Project` (
  `projectId` INT NOT NULL AUTO_INCREMENT,
  `tokenAddress` VARCHAR(42) NOT NULL,
  `creatorAddress` VARCHAR(42) NULL,
  `isAIAttested` TINYINT(1) NOT NULL DEFAULT 0,
  PRIMARY KEY (`projectId`),
  UNIQUE KEY `uq_Project_tokenAddress` (`tokenAddress`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
