-- Unique URLs that are real pages, each a new cache entry: ?page=N of a listing and of the read API, N counting up.
-- wrk ... -s pages.lua URL -- ROUND PATH1 PATH2 …  (ROUND: a number unique to this run, so rounds never repeat a URL)
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  round = tonumber(args[1])
  paths = {}
  for i = 2, #args do paths[#paths + 1] = args[i] end
  sent = 0
end

function request()
  sent = sent + 1
  local path = paths[(sent % #paths) + 1]
  -- pages 2 .. 99,999 (the pager's bound), distinct across threads and rounds
  local page = 2 + ((round * 2 + tid - 1) * 20000 + math.floor(sent / #paths)) % 99997
  return wrk.format("GET", string.format("%s?page=%d", path, page))
end

function done(summary, latency, requests)
  io.write(string.format("pages: %d requests, %d non-2xx\n", summary.requests, summary.errors.status))
end
