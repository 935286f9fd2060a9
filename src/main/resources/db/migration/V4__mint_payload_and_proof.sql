-- What the pipeline needs beyond V2: the ciphertext kept until the file is safely stored (the
-- plaintext is never stored: a mint is encrypted when it is submitted), and the proof the node
-- added, whose index the reward step claims.

CREATE TABLE `mint_payload` (
  `mint_id` BIGINT NOT NULL,
  `ciphertext` LONGBLOB NOT NULL,
  `sha256` CHAR(64) NOT NULL,
  PRIMARY KEY (`mint_id`),
  CONSTRAINT `fk_mint_payload_mint` FOREIGN KEY (`mint_id`) REFERENCES `mint` (`id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One column per ALTER: H2's MySQL mode (the embedded quickstart database) takes no list of ADDs.
ALTER TABLE `mint` ADD COLUMN `proof_index` BIGINT UNSIGNED NULL AFTER `proof_tx_hash`;
ALTER TABLE `mint` ADD COLUMN `plaintext_size` BIGINT UNSIGNED NULL AFTER `file_name`;
