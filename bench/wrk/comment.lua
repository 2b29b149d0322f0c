-- POST a comment per request to the comment API, each from a different reader address (X-Forwarded-For
-- from loopback is honoured), with a distinct text; counts the answers by status.
-- Set the article path with: wrk ... -s comment.lua URL -- /api/v1/articles/CODE/comments
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  statuses = {}
end

function request()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", tid, math.floor(counter / 256) % 256, counter % 256)
  local body = string.format(
    '{"name":"خوانندهٔ %d-%d","email":"reader%d.%d@example.org","text":"نظر شمارهٔ %d از رشتهٔ %d دربارهٔ این گزارش: خبر روشن و کامل بود."}',
    tid, counter, tid, counter, counter, tid)
  return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = ip }, body)
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
