-- workos-emulator benchmarks: one request, repeated (wrk 4 script).
-- Licensed MIT.
--
-- Configured through the environment by Benchmarks/bench.py:
--   BENCH_METHOD        GET (default), POST, PUT, DELETE
--   BENCH_PATH          request target, e.g. /organizations/org_01...
--   BENCH_KEY           API key sent as "Authorization: Bearer <key>" (none when empty)
--   BENCH_BODY          JSON body (Content-Type: application/json when set)
--   BENCH_CURSOR_FORMAT string.format pattern of an id; with BENCH_CURSOR_MAX, every request appends
--                       "&after=<random id in 1...max>" to the path (cursor pagination deep in the table)
--   BENCH_MAX_REQUESTS  stop each thread after this many responses and print "BENCH_THREAD_DONE" (quick runs)
-- done() prints one "BENCH_RESULT {json}" line that bench.py parses (latencies in microseconds).

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local key = os.getenv("BENCH_KEY") or ""
local body = os.getenv("BENCH_BODY")
local cursorFormat = os.getenv("BENCH_CURSOR_FORMAT")
local cursorMax = tonumber(os.getenv("BENCH_CURSOR_MAX") or "")
local maxRequests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "")

local headers = {}
if key ~= "" then headers["Authorization"] = "Bearer " .. key end
if body ~= nil and body ~= "" then
    headers["Content-Type"] = "application/json"
else
    body = nil
end

local fixed = nil

init = function(args)
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
    if not (cursorFormat and cursorMax) then
        -- The same bytes every time: format once, so the load generator spends its time on the server.
        fixed = wrk.format(method, path, headers, body)
    end
end

request = function()
    if fixed then return fixed end
    local target = path .. "&after=" .. string.format(cursorFormat, math.random(1, cursorMax))
    return wrk.format(method, target, headers, body)
end

if maxRequests then
    -- Only defined for bounded runs: a response() function makes wrk hand every response to Lua.
    local seen = 0
    response = function(status, headers, body)
        seen = seen + 1
        if seen == maxRequests then
            io.write("BENCH_THREAD_DONE\n")
            io.stdout:flush()
            wrk.thread:stop()
        end
    end
end

done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'BENCH_RESULT {"requests":%d,"duration_us":%d,"p50_us":%.1f,"p99_us":%.1f,"mean_us":%.1f,' ..
        '"max_us":%.1f,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
        latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
