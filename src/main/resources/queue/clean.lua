-- Queue.clean (BullMQ's cleanJobsInSet) for completed, failed and delayed jobs: removes at most
-- ARGV[3] jobs (0: no limit) of the set ARGV[1] that are older than ARGV[2] (epoch ms): finished
-- before it (completed, failed: their score), or, for delayed jobs, last processed or else created
-- before it; a job scheduler's pending iteration stays. Each job's keys go, and its deduplication
-- key when it owns it; one "cleaned count=N" event. Returns the removed ids.
local set, before, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if set ~= 'completed' and set ~= 'failed' and set ~= 'delayed' then
  return redis.error_reply('cannot clean ' .. set)
end
local key = P .. set
local candidates
local upper = before
if set == 'delayed' then
  upper = '+inf'
end
if limit > 0 then
  candidates = redis.call('ZRANGEBYSCORE', key, 0, upper, 'LIMIT', 0, limit)
else
  candidates = redis.call('ZRANGEBYSCORE', key, 0, upper)
end
local removed = {}
for _, id in ipairs(candidates) do
  local old = true
  if set == 'delayed' then
    local times = redis.call('HMGET', P .. id, 'processedOn', 'timestamp')
    local at = tonumber(times[1] or times[2])
    old = (at == nil or at <= before) and not isSchedulerIteration(id)
  end
  if old then
    releaseDedup(id)
    removeJobKeys(id)
    redis.call('ZREM', key, id)
    removed[#removed + 1] = id
  end
end
emit(false, 'cleaned', 'count', #removed)
return removed
