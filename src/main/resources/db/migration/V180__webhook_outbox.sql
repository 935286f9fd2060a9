-- The webhook outbox (docs/operations.md, Webhooks): one row per event, written in the transaction
-- of the mint move that caused it, and one delivery row per subscriber that wants it. The
-- dispatcher leases due deliveries (several instances share them), signs and posts each, and
-- records the outcome; a delivery still failing 24 h after its event is marked FAILED.

CREATE TABLE `webhook_event` (
  -- The Standard Webhooks `webhook-id`: the same for every attempt and every subscriber.
  `id` VARCHAR(40) NOT NULL,
  `type` VARCHAR(32) NOT NULL,
  `token_address` VARCHAR(42) NOT NULL,
  `mint_id` BIGINT NOT NULL,
  -- The JSON body, fixed when the event happened: every attempt sends the same bytes.
  `payload` TEXT NOT NULL,
  `created_at` DATETIME(3) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_webhook_event_token` (`token_address`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `webhook_delivery` (
  `id` BIGINT NOT NULL AUTO_INCREMENT,
  `event_id` VARCHAR(40) NOT NULL,
  -- The subscriber's name (lazai.webhooks.subscribers[i].name).
  `subscriber` VARCHAR(64) NOT NULL,
  -- PENDING, DELIVERED or FAILED.
  `status` VARCHAR(16) NOT NULL,
  `attempts` INT NOT NULL DEFAULT 0,
  `next_attempt_at` DATETIME(3) NOT NULL,
  `lease_owner` VARCHAR(64) NULL,
  `leased_until` DATETIME(3) NULL,
  -- The last answer's HTTP status (null: no answer) and what went wrong, without secrets.
  `last_status` INT NULL,
  `last_error` VARCHAR(300) NULL,
  `created_at` DATETIME(3) NOT NULL,
  `finished_at` DATETIME(3) NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ux_webhook_delivery_event_subscriber` (`event_id`, `subscriber`),
  KEY `ix_webhook_delivery_due` (`status`, `next_attempt_at`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
