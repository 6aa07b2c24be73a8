-- workos-emulator benchmarks: an SDK-like conversation on one connection (wrk 4 script, run with -t1 -c1).
-- Licensed MIT.
--
-- Cycles create → get → update → list → list events → delete of an organization, the calls an integration
-- test makes most, each request waiting for the previous response (wrk never pipelines unless asked).
-- Configured by Benchmarks/bench.py: BENCH_KEY (API key), BENCH_MAX_REQUESTS (stop after this many
-- responses and print "BENCH_THREAD_DONE"). done() prints the same "BENCH_RESULT {json}" line as request.lua.

local key = os.getenv("BENCH_KEY") or "sk_test_emulator"
local maxRequests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "1000")

local auth = { ["Authorization"] = "Bearer " .. key }
local json = { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }

local step = 0
local id = nil
local seen = 0
local unexpected = 0

-- Each entry: method, path (with %s for the organization id), headers, body, expected status.
local steps = {
    { "POST", "/organizations", json, '{"name":"Serial Org","metadata":{"tier":"bench"}}', 201 },
    { "GET", "/organizations/%s", auth, nil, 200 },
    { "PUT", "/organizations/%s", json, '{"name":"Serial Org Renamed"}', 200 },
    { "GET", "/organizations?limit=10", auth, nil, 200 },
    { "GET", "/events?events=organization.created&limit=10", auth, nil, 200 },
    { "DELETE", "/organizations/%s", auth, nil, 204 },
}

request = function()
    local s = steps[step % #steps + 1]
    local target = s[2]
    if target:find("%%s") then target = string.format(target, id or "org_missing") end
    return wrk.format(s[1], target, s[3], s[4])
end

response = function(status, headers, body)
    local s = steps[step % #steps + 1]
    if status ~= s[5] then unexpected = unexpected + 1 end
    if step % #steps == 0 then id = body:match('"id":"(org_[0-9A-Z]+)"') end
    step = step + 1
    seen = seen + 1
    if seen == maxRequests then
        if unexpected > 0 then io.write(string.format("BENCH_UNEXPECTED %d\n", unexpected)) end
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
