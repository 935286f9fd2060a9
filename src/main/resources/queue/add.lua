-- Adds a job. ARGV: customId ('' for the counter), name, data, opts, timestamp, delay, priority,
-- lifo ('1'/'0'), legacyPaused. Returns {id, 1} when added, {id, 0} for an existing custom id.
local counter = redis.call('INCR', P .. 'id')
maxEvents()
local id = ARGV[1]
if id == '' then
  id = tostring(counter)
elseif redis.call('EXISTS', P .. id) == 1 then
  emit(true, 'duplicated', 'jobId', id)
  return {id, 0}
end
local name, timestamp, delay, priority = ARGV[2], tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
redis.call('HSET', P .. id, 'name', name, 'data', ARGV[3], 'opts', ARGV[4], 'timestamp', ARGV[5],
  'delay', ARGV[6], 'priority', ARGV[7])
emit(false, 'added', 'jobId', id, 'name', name)
if delay > 0 then
  addDelayed(id, timestamp + delay)
elseif priority > 0 then
  insertPrioritized(id, priority)
  signalReady()
  emit(true, 'waiting', 'jobId', id)
else
  local target = targetList(ARGV[9])
  if ARGV[8] == '1' then
    redis.call('RPUSH', target, id)
  else
    redis.call('LPUSH', target, id)
  end
  signalReady()
  emit(true, 'waiting', 'jobId', id)
end
return {id, 1}
