-- A failed attempt that will be retried: moveToDelayed (delay > 0) or retryJob (delay 0).
-- ARGV: id, token, now, delay, failedReason, stacktrace JSON, lifo ('1'/'0'), legacyPaused,
-- counted ('1'/'0'). Not counted ('0', with delay > 0): the handler moved the job back to delayed
-- because its work goes on elsewhere (Node's moveToDelayed + DelayedError): no attempt is used
-- (atm unchanged) and no failed reason or stack trace is recorded.
-- Returns 0, or -1 no job, -2 no lock, -3 not active, -6 lock held by another.
local id, token, now, delay = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local jobKey = P .. id
local target = targetList(ARGV[8])
if delay == 0 then
  promoteDelayed(now, target)
end
if redis.call('EXISTS', jobKey) == 0 then
  return -1
end
local locked = releaseLock(id, token)
if locked ~= 0 then
  return locked
end
local counted = ARGV[9] ~= '0'
if counted then
  redis.call('HSET', jobKey, 'failedReason', ARGV[5], 'stacktrace', ARGV[6])
end
if redis.call('LREM', P .. 'active', -1, id) == 0 then
  return -3
end
if counted then
  redis.call('HINCRBY', jobKey, 'atm', 1)
end
if delay > 0 then
  redis.call('HSET', jobKey, 'delay', delay)
  addDelayed(id, now + delay)
  return 0
end
local priority = priorityOf(id)
if priority == 0 then
  if ARGV[7] == '1' then
    redis.call('RPUSH', target, id)
  else
    redis.call('LPUSH', target, id)
  end
else
  insertPrioritized(id, priority)
end
signalReady()
emit(true, 'waiting', 'jobId', id, 'prev', 'active')
return 0
