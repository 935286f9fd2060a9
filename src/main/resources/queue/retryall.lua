-- Queue.retryJobs({state: 'failed'}) (BullMQ's moveJobsToWait): at most ARGV[1] failed jobs that
-- failed at or before ARGV[2] (epoch ms) go back to waiting, oldest failure first, each as
-- reprocess.lua moves one (finish and start times and failed reason cleared, attempts kept; to
-- prioritized when it has a priority, which BullMQ's bulk script ignores). ARGV[3]: legacyPaused.
-- Returns how many moved.
local ids = redis.call('ZRANGEBYSCORE', P .. 'failed', 0, ARGV[2], 'LIMIT', 0, tonumber(ARGV[1]))
if #ids == 0 then
  return 0
end
local target = targetList(ARGV[3])
for _, id in ipairs(ids) do
  redis.call('ZREM', P .. 'failed', id)
  redis.call('HDEL', P .. id, 'finishedOn', 'processedOn', 'failedReason')
  enqueue(id, target)
  emit(true, 'waiting', 'jobId', id, 'prev', 'failed')
end
signalReady()
return #ids
