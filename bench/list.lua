-- wrk script: GET /api/inventory on the bench catalogue, cycling through four queries:
--   1. first page sorted by name            (page=1&limit=100&sort=name&order=asc)
--   2. a search term matching ~1% of items  (search=tagNNq, NN rotating 00..99)
--   3. a status filter                       (status=Low Stock, ~5% of the catalogue)
--   4. a deep page                           (page=500&limit=100, offset 49,900)
-- Usage: wrk -t2 -c32 -d30s --timeout 30s -s list.lua http://127.0.0.1:PORT -- TOKEN_FILE
-- done() prints one line "BENCHJSON {...}" (latencies in microseconds, all four queries together).

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

local headers = {}
local n = 0

function init(args)
  local f = assert(io.open(args[1], "r"), "cannot open token file")
  local token = f:read("*a"):gsub("%s+", "")
  f:close()
  headers["Authorization"] = "Bearer " .. token
  headers["Accept"] = "application/json"
  n = (thread_no or 1) * 17
  non2xx = 0; s400 = 0; s401 = 0; s403 = 0; s409 = 0; s429 = 0; s4xx = 0; s5xx = 0; other = 0
end

function request()
  n = n + 1
  local kind = n % 4
  local path
  if kind == 0 then
    path = "/api/inventory?page=1&limit=100&sort=name&order=asc"
  elseif kind == 1 then
    path = string.format("/api/inventory?search=tag%02dq&page=1&limit=100&sort=name&order=asc", math.floor(n / 4) % 100)
  elseif kind == 2 then
    path = "/api/inventory?status=Low%20Stock&page=1&limit=100&sort=name&order=asc"
  else
    path = "/api/inventory?page=500&limit=100&sort=name&order=asc"
  end
  return wrk.format("GET", path, headers)
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
