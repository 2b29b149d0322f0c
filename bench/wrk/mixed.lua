-- A breaking-news mix on one article: 19 reads of the cached page for each comment posted.
-- wrk ... -s mixed.lua URL -- /news/CODE/slug /api/v1/articles/CODE/comments
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  page = args[1]
  post = args[2]
  statuses = {}
end

function request()
  counter = counter + 1
  if counter % 20 ~= 0 then
    return wrk.format("GET", page)
  end
  local ip = string.format("10.%d.%d.%d", 100 + tid, math.floor(counter / 256) % 256, counter % 256)
  local body = string.format(
    '{"name":"خوانندهٔ %d-%d","text":"نظر آمیخته %d از رشتهٔ %d: پیگیری این خبر را ادامه دهید."}', tid, counter, counter, tid)
  return wrk.format("POST", post, { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do totals[code] = (totals[code] or 0) + n end
  end
  for code, n in pairs(totals) do io.write(string.format("status %d %d\n", code, n)) end
end
