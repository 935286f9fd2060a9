-- moveToActive. ARGV: now, token, lockMs, workerName, legacyPaused, maxData (bytes, 0: none).
return fetch(tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
