-- wrk script: GET /api/inventory on the bench catalogue, cycling through four queries:
--   1. first page sorted by name            (page=1&limit=100&sort=name&order=asc)
--   2. a search term matching ~1% of items  (search=tagNNq, NN rotating 00..99)
--   3. a status filter                       (status=Low Stock, ~5% of the catalogue)
--   4. a deep page                           (page=500&limit=100, offset 49,900)
-- Usage: wrk -t2 -c32 -d30s --timeout 30s -s list.lua http://127.0.0.1:PORT -- TOKEN_FILE
-- done() prints one line "BENCHJSON {...}" (latencies in microseconds, all four queries together).

-- setup(), response() and done() live in report.lua beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

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
