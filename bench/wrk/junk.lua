-- The hostile visitor of issue 18: every request a URL never seen before, made unique by query parameters no page
-- reads (tracking tags, junk). wrk ... -s junk.lua URL -- LIMIT PATH1 PATH2 …  (LIMIT requests per thread, then stop)
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  limit = tonumber(args[1])
  paths = {}
  for i = 2, #args do paths[#paths + 1] = args[i] end
  sent, done, errors = 0, 0, 0
end

function request()
  sent = sent + 1
  local path = paths[(sent % #paths) + 1]
  local sep = string.find(path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", string.format("%s%sutm_source=t%d-%d&fbclid=%08x%08x", path, sep, tid, sent,
    math.random(0, 0x7fffffff), math.random(0, 0x7fffffff)))
end

function response(status, headers, body)
  done = done + 1
  if status ~= 200 then errors = errors + 1 end
  if done >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  io.write(string.format("junk: %d requests, %d errors\n", summary.requests, summary.errors.status))
end
