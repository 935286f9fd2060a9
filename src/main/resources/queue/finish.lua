-- moveToFinished. ARGV: id, token, now, target ('completed'|'failed'), value (returnvalue JSON or
-- failed reason), stacktrace JSON (failed only), keepCount, keepAgeSeconds, keepLimit, attempts,
-- fetchNext ('1'/'0'), nextToken, lockMs, workerName, legacyPaused, maxData (of the next job).
-- Returns {code} (0 done, -1 no job, -2 no lock, -3 not active, -6 lock held by another) or
-- {0, fetchResult} when fetchNext found a job.
local id, token, now, target = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local failed = target == 'failed'
local field = 'returnvalue'
if failed then
  field = 'failedReason'
end
local jobKey = P .. id
if redis.call('EXISTS', jobKey) == 0 then
  return {-1}
end
local locked = releaseLock(id, token)
if locked ~= 0 then
  return {locked}
end
if failed then
  redis.call('HSET', jobKey, 'failedReason', ARGV[5], 'stacktrace', ARGV[6])
end
local deid = redis.call('HGET', jobKey, 'deid')
if redis.call('LREM', P .. 'active', -1, id) == 0 then
  return {-3}
end
redis.call('XTRIM', P .. 'events', 'MAXLEN', '~', maxEvents())
if deid then
  local dedupKey = P .. 'de:' .. deid
  if redis.call('PTTL', dedupKey) == -1 and redis.call('GET', dedupKey) == id then
    redis.call('DEL', dedupKey)
  end
end
local atm = redis.call('HINCRBY', jobKey, 'atm', 1)
local keepCount, keepAge, keepLimit = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
if keepCount ~= 0 then
  local setKey = P .. target
  redis.call('ZADD', setKey, now, id)
  redis.call('HSET', jobKey, field, ARGV[5], 'finishedOn', now)
  if failed then
    redis.call('HDEL', jobKey, 'defa')
  end
  if keepAge > 0 then
    local old = redis.call('ZRANGEBYSCORE', setKey, 0, now - keepAge * 1000, 'LIMIT', 0, keepLimit)
    for _, oldId in ipairs(old) do
      removeJobKeys(oldId)
      redis.call('ZREM', setKey, oldId)
    end
  end
  if keepCount > 0 then
    local extra = redis.call('ZREVRANGE', setKey, keepCount, -1)
    for _, oldId in ipairs(extra) do
      removeJobKeys(oldId)
    end
    if #extra > 0 then
      redis.call('ZREMRANGEBYRANK', setKey, 0, -(keepCount + 1))
    end
  end
else
  removeJobKeys(id)
end
emit(false, target, 'jobId', id, field, ARGV[5], 'prev', 'active')
if failed and atm >= tonumber(ARGV[10]) then
  emit(false, 'retries-exhausted', 'jobId', id, 'attemptsMade', atm)
end
if ARGV[11] == '1' then
  local next = fetch(now, ARGV[12], ARGV[13], ARGV[14], ARGV[15], ARGV[16])
  if next[2] ~= 0 then
    return {0, next}
  end
end
if redis.call('LLEN', P .. 'wait') == 0 and redis.call('LLEN', P .. 'active') == 0
    and redis.call('ZCARD', P .. 'prioritized') == 0 then
  emit(true, 'drained')
end
return {0}
