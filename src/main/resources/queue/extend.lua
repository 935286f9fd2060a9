-- extendLocks. ARGV: lockMs, then id, token pairs. Returns the ids whose lock was not ours.
local lost = {}
for i = 2, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local lockKey = P .. id .. ':lock'
  if redis.call('GET', lockKey) == token then
    redis.call('SET', lockKey, token, 'PX', ARGV[1])
    redis.call('SREM', P .. 'stalled', id)
  else
    table.insert(lost, id)
  end
end
return lost
