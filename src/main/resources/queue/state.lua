-- getState. ARGV: id. Returns the state name.
local id = ARGV[1]
if redis.call('ZSCORE', P .. 'completed', id) then return 'completed' end
if redis.call('ZSCORE', P .. 'failed', id) then return 'failed' end
if redis.call('ZSCORE', P .. 'delayed', id) then return 'delayed' end
if redis.call('ZSCORE', P .. 'prioritized', id) then return 'prioritized' end
for _, list in ipairs({'active', 'wait', 'paused'}) do
  local items = redis.call('LRANGE', P .. list, 0, -1)
  for _, item in ipairs(items) do
    if item == id then
      if list == 'active' then return 'active' end
      return 'waiting'
    end
  end
end
return 'unknown'
