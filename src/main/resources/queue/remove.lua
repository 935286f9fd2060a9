-- Job.remove (BullMQ's removeJob, without flows): the job out of whichever list or set holds it,
-- its deduplication key released when it owns it, its keys deleted, and a "removed" event naming
-- the key it left. ARGV: id.
-- Returns 1 removed, 0 locked (a worker holds it), -1 no such job, -8 the pending iteration of a
-- job scheduler (removing it would stop the schedule).
local id = ARGV[1]
local jobKey = P .. id
if redis.call('EXISTS', jobKey) == 0 then
  return -1
end
if isSchedulerIteration(id) then
  return -8
end
if redis.call('EXISTS', jobKey .. ':lock') == 1 then
  return 0
end
local prev = detach(id)
releaseDedup(id)
removeJobKeys(id)
emit(true, 'removed', 'jobId', id, 'prev', prev)
return 1
