-- moveStalledJobsToWait. ARGV: now, stalledIntervalMs, maxStalledCount, legacyPaused.
-- Returns the recovered ids. The stalled-check key throttles every worker of the queue.
if redis.call('EXISTS', P .. 'stalled-check') == 1 then
  return {}
end
redis.call('SET', P .. 'stalled-check', ARGV[1], 'PX', ARGV[2])
redis.call('XTRIM', P .. 'events', 'MAXLEN', '~', maxEvents())
local maxStalled = tonumber(ARGV[3])
local target = targetList(ARGV[4])
local recovered = {}
local candidates = redis.call('SMEMBERS', P .. 'stalled')
if #candidates > 0 then
  redis.call('DEL', P .. 'stalled')
  for _, id in ipairs(candidates) do
    local jobKey = P .. id
    if redis.call('EXISTS', jobKey .. ':lock') == 0 and redis.call('LREM', P .. 'active', 1, id) > 0 then
      if redis.call('EXISTS', jobKey) == 1 then
        local stc = redis.call('HINCRBY', jobKey, 'stc', 1)
        local rjk = redis.call('HGET', jobKey, 'rjk')
        local repeatable = rjk and redis.call('EXISTS', P .. 'repeat:' .. rjk) == 1
        if stc > maxStalled and not repeatable then
          redis.call('HSET', jobKey, 'defa', 'job stalled more than allowable limit')
        end
        redis.call('RPUSH', target, id)
        signalReady()
        emit(false, 'waiting', 'jobId', id, 'prev', 'active')
        emit(false, 'stalled', 'jobId', id)
        table.insert(recovered, id)
      end
    end
  end
end
local active = redis.call('LRANGE', P .. 'active', 0, -1)
for i = 1, #active, 7000 do
  redis.call('SADD', P .. 'stalled', unpack(active, i, math.min(i + 6999, #active)))
end
return recovered
