-- Job.promote (BullMQ's promote): a delayed job goes to waiting now (or to prioritized when it has
-- a priority), its delay field reset to 0, with a "waiting prev=delayed" event. ARGV: id,
-- legacyPaused. Returns 0, or -3 when the job is not delayed (or gone).
local id = ARGV[1]
if redis.call('ZREM', P .. 'delayed', id) == 0 then
  return -3
end
enqueue(id, targetList(ARGV[2]))
signalReady()
emit(false, 'waiting', 'jobId', id, 'prev', 'delayed')
redis.call('HSET', P .. id, 'delay', 0)
return 0
