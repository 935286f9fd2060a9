-- Queue.pause / Queue.resume (BullMQ's pause script). ARGV: 'paused' or 'resumed', legacyPaused,
-- emit ('1' to write the event: a pause or resume that takes several calls writes it once).
-- Pause: meta paused=1, the marker deleted (workers find nothing until resume); in BullMQ 5's
-- layout (legacyPaused) the waiting jobs move to the paused list, as its RENAME did. Resume: meta
-- paused gone, jobs in a paused list back to wait (to the fetch end, ahead of anything added
-- meanwhile), and the marker set again. A list is moved by RENAME when the other does not exist,
-- else at most 7000 jobs per call: returns how many are left to move (call again while above 0).
local function move(from, to)
  if redis.call('EXISTS', from) == 0 then
    return 0
  end
  if redis.call('EXISTS', to) == 0 then
    redis.call('RENAME', from, to)
    return 0
  end
  -- The newest 7000 first, each batch to the fetch end: the oldest job still comes out first.
  local ids = redis.call('LRANGE', from, 0, 6999)
  redis.call('RPUSH', to, unpack(ids))
  redis.call('LTRIM', from, #ids, -1)
  return redis.call('LLEN', from)
end
local remaining = 0
if ARGV[1] == 'paused' then
  redis.call('HSET', P .. 'meta', 'paused', 1)
  if ARGV[2] == '1' then
    remaining = move(P .. 'wait', P .. 'paused')
  end
  redis.call('DEL', P .. 'marker')
else
  redis.call('HDEL', P .. 'meta', 'paused')
  remaining = move(P .. 'paused', P .. 'wait')
  if redis.call('LLEN', P .. 'wait') + redis.call('ZCARD', P .. 'prioritized') > 0 then
    redis.call('ZADD', P .. 'marker', 0, '0')
  else
    local first = redis.call('ZRANGE', P .. 'delayed', 0, 0, 'WITHSCORES')
    if #first > 0 then
      redis.call('ZADD', P .. 'marker', tonumber(first[2]) / 4096, '1')
    end
  end
end
if ARGV[3] == '1' then
  emit(false, ARGV[1])
end
return remaining
