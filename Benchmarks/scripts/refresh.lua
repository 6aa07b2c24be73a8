-- workos-emulator benchmarks: POST /user_management/authenticate with grant_type=refresh_token (wrk 4 script).
-- Licensed MIT.
--
-- Refresh tokens are single-use: every answer carries the next one. Each wrk thread keeps a stack of tokens:
-- a request pops one, its response pushes the new one, so a thread with as many tokens as connections never
-- runs dry; wrk 4 also calls request() once on the first thread's state before connecting (to check the script),
-- so each thread needs one spare. Configured by Benchmarks/bench.py:
--   BENCH_TOKENS        comma-separated refresh tokens from separate sign-ins, one per connection plus one per thread
--   BENCH_THREADS       the -t given to wrk (tokens are dealt round-robin to the threads)
--   BENCH_KEY           the API key, sent as client_secret; BENCH_CLIENT_ID the client id
--   BENCH_MAX_REQUESTS  as in request.lua
-- done() prints the same "BENCH_RESULT {json}" line as request.lua.

local key = os.getenv("BENCH_KEY") or "sk_test_emulator"
local clientID = os.getenv("BENCH_CLIENT_ID") or "client_emulator"
local maxRequests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "")

-- Main state: deal the tokens to the threads before they start.
local threadCount = tonumber(os.getenv("BENCH_THREADS") or "1")
local dealt = 0
setup = function(thread)
    local mine = {}
    local index = 0
    for token in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^,]+") do
        if index % threadCount == dealt then table.insert(mine, token) end
        index = index + 1
    end
    thread:set("tokens", table.concat(mine, ","))
    dealt = dealt + 1
end

-- Thread state.
local stack = {}
local headers = { ["Content-Type"] = "application/json" }
local seen = 0

init = function(args)
    for token in string.gmatch(tokens or "", "[^,]+") do table.insert(stack, token) end
end

request = function()
    local token = table.remove(stack) or "exhausted"
    local body = string.format(
        '{"client_id":"%s","client_secret":"%s","grant_type":"refresh_token","refresh_token":"%s"}',
        clientID, key, token)
    return wrk.format("POST", "/user_management/authenticate", headers, body)
end

response = function(status, headers, body)
    local token = body:match('"refresh_token":"([^"]+)"')
    if token then table.insert(stack, token) end
    seen = seen + 1
    if maxRequests and seen == maxRequests then
        io.write("BENCH_THREAD_DONE\n")
        io.stdout:flush()
        wrk.thread:stop()
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
