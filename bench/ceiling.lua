-- wrk script: the HTTP stack's own ceiling. GET one path over and over; with a token file, signed in
-- (the whole security chain: rate limit, JWT, revocation list, roles), without one, anonymous.
-- Usage: wrk -t2 -c32 -d30s --timeout 30s -s ceiling.lua http://127.0.0.1:PORT -- PATH [TOKEN_FILE]
-- done() prints one line "BENCHJSON {...}" (latencies in microseconds).

-- setup(), response() and done() live in report.lua beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local headers = {}
local path

function init(args)
  path = assert(args[1], "no path")
  if args[2] then
    local f = assert(io.open(args[2], "r"), "cannot open token file")
    headers["Authorization"] = "Bearer " .. f:read("*a"):gsub("%s+", "")
    f:close()
  end
  headers["Accept"] = "application/json"
  non2xx = 0; s400 = 0; s401 = 0; s403 = 0; s409 = 0; s429 = 0; s4xx = 0; s5xx = 0; other = 0
end

function request()
  return wrk.format("GET", path, headers)
end
