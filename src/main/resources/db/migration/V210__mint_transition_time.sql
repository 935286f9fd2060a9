-- The dashboard's charts read the last hour of transitions by time (MintStats): without this index
-- that is a scan of every transition ever recorded.
CREATE INDEX `ix_mint_transition_time` ON `mint_transition` (`occurred_at`);
