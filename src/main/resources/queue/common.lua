-- Helpers shared by every script. KEYS[1] is the queue's key prefix, "<prefix>:<queue>:".
local P = KEYS[1]

local function maxEvents()
  local m = redis.call('HGET', P .. 'meta', 'opts.maxLenEvents')
  if not m then
    redis.call('HSET', P .. 'meta', 'opts.maxLenEvents', 10000)
    return 10000
  end
  return tonumber(m)
end

-- XADD one event; capped events trim the stream to about maxLenEvents.
local function emit(capped, ...)
  if capped then
    redis.call('XADD', P .. 'events', 'MAXLEN', '~', maxEvents(), '*', 'event', ...)
  else
    redis.call('XADD', P .. 'events', '*', 'event', ...)
  end
end

local function pausedOrMaxed()
  local meta = redis.call('HMGET', P .. 'meta', 'paused', 'concurrency')
  if meta[1] then
    return true
  end
  if meta[2] then
    return redis.call('LLEN', P .. 'active') >= tonumber(meta[2])
  end
  return false
end

-- BullMQ 5 keeps a paused queue's jobs in the "paused" list; 6 keeps them in "wait".
local function targetList(legacyPaused)
  if legacyPaused == '1' and redis.call('HEXISTS', P .. 'meta', 'paused') == 1 then
    return P .. 'paused'
  end
  return P .. 'wait'
end

local function signalReady()
  if not pausedOrMaxed() then
    redis.call('ZADD', P .. 'marker', 0, '0')
  end
end

local function insertPrioritized(id, priority)
  local pc = redis.call('INCR', P .. 'pc')
  redis.call('ZADD', P .. 'prioritized', priority * 4294967296 + pc % 4294967296, id)
end

local function priorityOf(id)
  return tonumber(redis.call('HGET', P .. id, 'priority') or '0') or 0
end

-- Puts id in line to run: at the far end of target (FIFO), or by priority when it has one.
local function enqueue(id, target)
  local priority = priorityOf(id)
  if priority == 0 then
    redis.call('LPUSH', target, id)
  else
    insertPrioritized(id, priority)
  end
end

-- Delayed score: due ms * 4096 plus the next free sequence number within that millisecond.
local function delayedScore(due)
  local base = due * 4096
  local last = redis.call('ZREVRANGEBYSCORE', P .. 'delayed', base + 4095, base, 'WITHSCORES', 'LIMIT', 0, 1)
  if #last > 0 then
    return math.min(tonumber(last[2]) + 1, base + 4095)
  end
  return base
end

local function addDelayed(id, due)
  redis.call('ZADD', P .. 'delayed', delayedScore(due), id)
  emit(true, 'delayed', 'jobId', id, 'delay', due)
  local first = redis.call('ZRANGE', P .. 'delayed', 0, 0, 'WITHSCORES')
  redis.call('ZADD', P .. 'marker', tonumber(first[2]) / 4096, '1')
end

local function promoteDelayed(now, target)
  local due = redis.call('ZRANGEBYSCORE', P .. 'delayed', 0, (now + 1) * 4096 - 1, 'LIMIT', 0, 1000)
  for _, id in ipairs(due) do
    redis.call('ZREM', P .. 'delayed', id)
    enqueue(id, target)
    emit(false, 'waiting', 'jobId', id, 'prev', 'delayed')
    redis.call('HSET', P .. id, 'delay', 0)
  end
  return #due
end

local function removeJobKeys(id)
  local k = P .. id
  redis.call('DEL', k, k .. ':logs', k .. ':dependencies', k .. ':processed', k .. ':failed',
    k .. ':unsuccessful')
end

-- 0 when the lock was ours (or token "0"): released. -6 held by another token, -2 no lock.
local function releaseLock(id, token)
  if token == '0' then
    return 0
  end
  local lockKey = P .. id .. ':lock'
  local holder = redis.call('GET', lockKey)
  if holder == token then
    redis.call('DEL', lockKey)
    redis.call('SREM', P .. 'stalled', id)
    return 0
  end
  if holder then
    return -6
  end
  return -2
end

-- A fetched job's fields. With maxData > 0 and a data field longer than maxData bytes, every
-- field but data (which is never loaded) and the data's length; otherwise all fields and 0.
local function jobFields(jobKey, maxData)
  if maxData > 0 then
    local size = redis.call('HSTRLEN', jobKey, 'data')
    if size > maxData then
      local fields = {}
      for _, name in ipairs(redis.call('HKEYS', jobKey)) do
        if name ~= 'data' then
          fields[#fields + 1] = name
          fields[#fields + 1] = redis.call('HGET', jobKey, name)
        end
      end
      return fields, size
    end
  end
  return redis.call('HGETALL', jobKey), 0
end

-- moveToActive: {jobFields, id, 0, 0, withheldDataBytes} for a job (see jobFields);
-- {0, 0, rateLimitTtl, 0} when rate limited; {0, 0, 0, nextDelayedDueMs or 0} when there is
-- nothing to do. maxData: the consumer's payload limit in bytes, 0 for none.
local function fetch(now, token, lockMs, workerName, legacyPaused, maxData)
  local target = targetList(legacyPaused)
  local promoted = promoteDelayed(now, target)
  local blocked = pausedOrMaxed()
  if promoted > 0 and not blocked then
    redis.call('ZADD', P .. 'marker', 0, '0')
  end
  local limit = redis.call('HMGET', P .. 'meta', 'max', 'duration')
  local maxJobs = tonumber(limit[1])
  if maxJobs then
    local used = tonumber(redis.call('GET', P .. 'limiter') or '0')
    if used >= maxJobs then
      local ttl = redis.call('PTTL', P .. 'limiter')
      if ttl == 0 then
        redis.call('DEL', P .. 'limiter')
      elseif ttl > 0 then
        return {0, 0, ttl, 0}
      end
    end
  end
  if blocked then
    return {0, 0, 0, 0}
  end
  local id = redis.call('RPOPLPUSH', P .. 'wait', P .. 'active')
  if not id then
    local top = redis.call('ZPOPMIN', P .. 'prioritized')
    if #top > 0 then
      id = top[1]
      redis.call('LPUSH', P .. 'active', id)
    else
      redis.call('DEL', P .. 'pc')
    end
  end
  if id then
    if maxJobs and redis.call('INCR', P .. 'limiter') == 1 then
      redis.call('PEXPIRE', P .. 'limiter', math.floor(tonumber(limit[2])))
    end
    local jobKey = P .. id
    redis.call('SET', jobKey .. ':lock', token, 'PX', lockMs)
    emit(false, 'active', 'jobId', id, 'prev', 'waiting')
    if workerName ~= '' then
      redis.call('HSET', jobKey, 'processedOn', now, 'pb', workerName)
    else
      redis.call('HSET', jobKey, 'processedOn', now)
    end
    redis.call('HINCRBY', jobKey, 'ats', 1)
    redis.call('ZADD', P .. 'marker', 0, '0')
    local fields, withheld = jobFields(jobKey, tonumber(maxData) or 0)
    return {fields, id, 0, 0, withheld}
  end
  local first = redis.call('ZRANGE', P .. 'delayed', 0, 0, 'WITHSCORES')
  if #first > 0 then
    return {0, 0, 0, math.floor(tonumber(first[2]) / 4096)}
  end
  return {0, 0, 0, 0}
end

-- Whether id is a job scheduler's pending iteration, "repeat:<scheduler>:<next millis>" (removing
-- it would stop the schedule: BullMQ refuses to).
local function isSchedulerIteration(id)
  local scheduler = redis.call('HGET', P .. id, 'rjk')
  if not scheduler then
    return false
  end
  local due = redis.call('ZSCORE', P .. 'repeat', scheduler)
  return due ~= false and due ~= nil and id == 'repeat:' .. scheduler .. ':' .. due
end

-- A removed job's deduplication key goes when the job still owns it (and its pending next job).
local function releaseDedup(id)
  local deid = redis.call('HGET', P .. id, 'deid')
  if deid and redis.call('GET', P .. 'de:' .. deid) == id then
    redis.call('DEL', P .. 'de:' .. deid, P .. 'dn:' .. deid)
  end
end

-- Takes id out of whichever state holds it; the key it was in ('wait', 'delayed', ...) or
-- 'unknown'.
local function detach(id)
  for _, set in ipairs({'completed', 'waiting-children', 'delayed', 'failed', 'prioritized'}) do
    if redis.call('ZREM', P .. set, id) == 1 then
      return set
    end
  end
  for _, list in ipairs({'wait', 'paused', 'active'}) do
    if redis.call('LREM', P .. list, 1, id) == 1 then
      return list
    end
  end
  return 'unknown'
end
