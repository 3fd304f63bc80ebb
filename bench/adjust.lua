-- wrk script: POST /api/inventory/{id}/stock on a random item among the ones in the ids file,
-- alternating addition and deduction of 1 (per connection thread), with a Bearer token.
-- Usage: wrk -t2 -c32 -d30s --timeout 30s -s adjust.lua http://127.0.0.1:PORT -- TOKEN_FILE IDS_FILE
-- done() prints one line "BENCHJSON {...}" with counts and latency percentiles (microseconds).

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

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

function response(status, hdrs, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if status == 400 then s400 = s400 + 1
    elseif status == 401 then s401 = s401 + 1
    elseif status == 403 then s403 = s403 + 1
    elseif status == 409 then s409 = s409 + 1
    elseif status == 429 then s429 = s429 + 1
    elseif status >= 400 and status < 500 then s4xx = s4xx + 1
    elseif status >= 500 then s5xx = s5xx + 1
    else other = other + 1 end
  end
end

function done(summary, latency, requests)
  local keys = {"non2xx", "s400", "s401", "s403", "s409", "s429", "s4xx", "s5xx", "other"}
  local totals = {}
  for _, k in ipairs(keys) do totals[k] = 0 end
  for _, t in ipairs(threads) do
    for _, k in ipairs(keys) do totals[k] = totals[k] + (t:get(k) or 0) end
  end
  local e = summary.errors
  local counts = {}
  for _, k in ipairs(keys) do
    if k ~= "non2xx" then table.insert(counts, string.format('"%s":%d', k, totals[k])) end
  end
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"socket_errors":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,"wrk_status_errors":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,"status_counts":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, totals.non2xx,
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(counts, ",")))
end
