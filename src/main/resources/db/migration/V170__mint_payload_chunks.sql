-- The ciphertext of a mint whose data was uploaded as a file (multipart or a raw body, up to
-- lazai.mint.max-data-size): stored in chunks of at most 1 MiB, so that no statement carries more
-- than MariaDB's max_allowed_packet and the upload step reads one chunk at a time. Its
-- mint_payload row keeps the SHA-256 with an empty ciphertext; deleting that row deletes the chunks.

CREATE TABLE `mint_payload_chunk` (
  `mint_id` BIGINT NOT NULL,
  `chunk_index` INT NOT NULL,
  `chunk` MEDIUMBLOB NOT NULL,
  PRIMARY KEY (`mint_id`, `chunk_index`),
  CONSTRAINT `fk_mint_payload_chunk_payload` FOREIGN KEY (`mint_id`)
    REFERENCES `mint_payload` (`mint_id`) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
