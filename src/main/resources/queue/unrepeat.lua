-- Removes the queue's repeatable jobs with job name ARGV[1] (every one when it is empty): BullMQ 5 repeatables (an add with a
-- repeat option: member = md5 key, hash repeat:<key> {name, every|pattern}) and job schedulers
-- (member = scheduler id, hash repeat:<id> {name, every|pattern, ic, ...}), each with its pending
-- iteration repeat:<member>:<next millis>. A legacy member without a hash ("name:id:end:tz:every")
-- is matched by its first segment. An iteration a worker holds (active) is left to finish; only
-- its schedule goes, so no next one is produced. Returns {member, iteration id, its state}, ...
local name = ARGV[1]
local removed = {}
local members = redis.call('ZRANGE', P .. 'repeat', 0, -1, 'WITHSCORES')
for i = 1, #members, 2 do
  local member = members[i]
  local score = members[i + 1]
  local hashKey = P .. 'repeat:' .. member
  local owner = redis.call('HGET', hashKey, 'name')
  if not owner and redis.call('EXISTS', hashKey) == 0 then
    owner = string.match(member, '^([^:]*)')
  end
  if name == '' or owner == name then
    local id = 'repeat:' .. member .. ':' .. score
    local state = 'gone'
    if redis.call('ZREM', P .. 'delayed', id) == 1 then
      state = 'delayed'
    elseif redis.call('ZREM', P .. 'prioritized', id) == 1 then
      state = 'prioritized'
    elseif redis.call('LREM', P .. 'wait', 0, id) > 0 then
      state = 'waiting'
    elseif redis.call('LREM', P .. 'paused', 0, id) > 0 then
      state = 'paused'
    elseif redis.call('LPOS', P .. 'active', id) then
      state = 'active'
    end
    if state ~= 'active' and state ~= 'gone' then
      redis.call('DEL', P .. id, P .. id .. ':logs')
      emit(true, 'removed', 'jobId', id, 'prev', state)
    end
    redis.call('ZREM', P .. 'repeat', member)
    redis.call('DEL', hashKey)
    removed[#removed + 1] = member
    removed[#removed + 1] = id
    removed[#removed + 1] = state
  end
end
return removed
