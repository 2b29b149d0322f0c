-- The hostile visitor of issue 18: every request a URL never seen before, made unique by query parameters no page
-- reads (tracking tags, junk). wrk ... -s junk.lua URL -- ROUND PATH1 PATH2 …  (ROUND: a prefix unique to this run)
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  round = args[1]
  paths = {}
  for i = 2, #args do paths[#paths + 1] = args[i] end
  sent = 0
end

function request()
  sent = sent + 1
  local path = paths[(sent % #paths) + 1]
  local sep = string.find(path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", string.format("%s%sutm_source=r%s-t%d-%d&fbclid=%08x%08x", path, sep, round, tid, sent,
    math.random(0, 0x7fffffff), math.random(0, 0x7fffffff)))
end

function done(summary, latency, requests)
  io.write(string.format("junk: %d requests, %d non-2xx\n", summary.requests, summary.errors.status))
end
