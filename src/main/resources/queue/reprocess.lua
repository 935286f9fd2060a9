-- Job.retry('failed') (BullMQ's reprocessJob): a failed job goes back to waiting (or prioritized)
-- with its finish time, start time and failed reason cleared; attempts made and the stack traces
-- stay, as BullMQ keeps them. ARGV: id, legacyPaused.
-- Returns 0, or -1 no job, -3 not failed.
local id = ARGV[1]
local jobKey = P .. id
if redis.call('EXISTS', jobKey) == 0 then
  return -1
end
if redis.call('ZREM', P .. 'failed', id) == 0 then
  return -3
end
redis.call('HDEL', jobKey, 'finishedOn', 'processedOn', 'failedReason')
enqueue(id, targetList(ARGV[2]))
signalReady()
emit(true, 'waiting', 'jobId', id, 'prev', 'failed')
return 0
