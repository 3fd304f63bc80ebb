-- Shared by the wrk scripts: per-thread status counting and the one-line BENCHJSON summary.

local threads = {}

function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
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
