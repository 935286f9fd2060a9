-- The newest failed jobs as summaries, without their payloads. ARGV: limit, field, maxData.
-- Returns one {id, name, attemptsMade, failedReason, finishedOn, fieldValue} per job, where
-- fieldValue is the payload's top-level string "field" (the first one in the text; up to 256
-- bytes), read only from payloads of at most maxData bytes, or '' when there is none.
local ids = redis.call('ZREVRANGE', P .. 'failed', 0, tonumber(ARGV[1]) - 1)
local pattern = '"' .. ARGV[2] .. '"%s*:%s*"([^"\\]*)"'
local maxData = tonumber(ARGV[3])
local out = {}
for _, id in ipairs(ids) do
  local key = P .. id
  if redis.call('EXISTS', key) == 1 then
    local f = redis.call('HMGET', key, 'name', 'atm', 'attemptsMade', 'failedReason', 'finishedOn')
    local value = ''
    local size = redis.call('HSTRLEN', key, 'data')
    if size > 0 and size <= maxData then
      local found = string.match(redis.call('HGET', key, 'data'), pattern)
      if found then
        value = string.sub(found, 1, 256)
      end
    end
    out[#out + 1] = {id, f[1] or '', f[2] or f[3] or '0', f[4] or '', f[5] or '0', value}
  end
end
return out
