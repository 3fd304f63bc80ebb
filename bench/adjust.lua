-- wrk script: POST /api/inventory/{id}/stock on a random item among the ones in the ids file,
-- alternating addition and deduction of 1 (per connection thread), with a Bearer token.
-- Usage: wrk -t2 -c32 -d30s --timeout 30s -s adjust.lua http://127.0.0.1:PORT -- TOKEN_FILE IDS_FILE
-- done() prints one line "BENCHJSON {...}" with counts and latency percentiles (microseconds).

-- setup(), response() and done() live in report.lua beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local function read_file(path)
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  local s = f:read("*a")
  f:close()
  return s
end

local ids = {}
local headers = {}
local flip = 0

function init(args)
  local token = read_file(args[1]):gsub("%s+", "")
  for line in read_file(args[2]):gmatch("[^\r\n]+") do
    table.insert(ids, line)
  end
  assert(#ids > 0, "no item ids")
  headers["Authorization"] = "Bearer " .. token
  headers["Content-Type"] = "application/json"
  headers["Accept"] = "application/json"
  math.randomseed(os.time() + 7919 * (thread_no or 1))
  non2xx = 0; s400 = 0; s401 = 0; s403 = 0; s409 = 0; s429 = 0; s4xx = 0; s5xx = 0; other = 0
end

function request()
  flip = 1 - flip
  local kind = flip == 1 and "addition" or "deduction"
  local id = ids[math.random(#ids)]
  return wrk.format("POST", "/api/inventory/" .. id .. "/stock", headers,
    '{"quantity":1,"reason":"bench adjustment","type":"' .. kind .. '"}')
end
