-- getJob with its state, read at one instant. ARGV: id. Returns {state, jobFields} or {} if gone.
local id = ARGV[1]
local fields = redis.call('HGETALL', P .. id)
if #fields == 0 then
  return {}
end
local state = 'unknown'
if redis.call('ZSCORE', P .. 'completed', id) then
  state = 'completed'
elseif redis.call('ZSCORE', P .. 'failed', id) then
  state = 'failed'
elseif redis.call('ZSCORE', P .. 'delayed', id) then
  state = 'delayed'
elseif redis.call('ZSCORE', P .. 'prioritized', id) then
  state = 'prioritized'
elseif redis.call('LPOS', P .. 'active', id) then
  state = 'active'
elseif redis.call('LPOS', P .. 'wait', id) or redis.call('LPOS', P .. 'paused', id) then
  state = 'waiting'
end
return {state, fields}
