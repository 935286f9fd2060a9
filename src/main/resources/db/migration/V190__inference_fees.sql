-- Inference fees per token (docs/inference.md, "Cost per token"): one row per chat completion sent
-- to an inference node for a token's DAT file, written before the request is sent (so a crash
-- cannot lose a fee the node settles), then marked with the node's answer and, once found on
-- chain, with the fee the node settled (Inference.settlementFees, matched by user, node and nonce).

CREATE TABLE `inference_fee` (
  `id` BIGINT NOT NULL AUTO_INCREMENT,
  `token_address` VARCHAR(42) NOT NULL,
  `file_id` DECIMAL(65, 0) NOT NULL,
  `node_address` VARCHAR(42) NOT NULL,
  `user_address` VARCHAR(42) NOT NULL,
  -- The request's X-LazAI-Nonce; the node settles under it.
  `nonce` DECIMAL(65, 0) NOT NULL,
  -- The chain head before the request: the settlement is looked for from here on.
  `from_block` BIGINT NOT NULL,
  -- SENT (no answer yet), ANSWERED (200), REFUSED (any other answer: nothing billed) or SETTLED.
  `status` VARCHAR(16) NOT NULL,
  -- The completion's id, which the node bills under (SettlementData.id).
  `response_id` VARCHAR(128) NULL,
  `cost_wei` DECIMAL(65, 0) NULL,
  `tx_hash` VARCHAR(66) NULL,
  `block_number` BIGINT NULL,
  `requested_at` DATETIME(3) NOT NULL,
  `settled_at` DATETIME(3) NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ux_inference_fee_request` (`user_address`, `node_address`, `nonce`),
  KEY `ix_inference_fee_token` (`token_address`),
  KEY `ix_inference_fee_status` (`status`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
