-- Search queries in rotation (one class mix), against the server with its page cache off.
local queries = { "کشور", "مجلس", "بودجه", "تهران", "برق", "انرژی خورشیدی", "تیم ملی", "بانک مرکزی", "\"تیم ملی\"",
  "\"بانک مرکزی\"", "یوزپلنگ", "ماهواره", "فرهنگستان", "پهپاد", "آب شرب", "شورای شهر" }
local counter = 0

local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/search?q=" .. encode(queries[(counter % #queries) + 1]))
end
