-- wrk script of benchmarks/http_bench.py: replays a list of requests and prints one JSON line of results.
--
-- Read from the environment (http_bench.py sets them):
--   BENCH_REQUESTS      a file of requests, one a line: METHOD <tab> PATH [<tab> BODY]; cycled in order
--   BENCH_HEADERS       extra headers, "Name: value" separated by newlines (cookies, content type)
--   BENCH_MAX_REQUESTS  stop a thread after this many responses (0: only wrk's --duration bounds the run)
-- wrk gives every thread its own Lua state: each thread counts its own responses, and done() adds them up.
-- A thread that reaches BENCH_MAX_REQUESTS stops, but wrk still waits out --duration before done(), so its
-- summary.duration would understate the rate: each thread notes when it sent its first request and received its
-- last response (gettimeofday through LuaJIT's ffi), and done() reports that active span as "active_us".

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_usec; } bench_timeval;
int gettimeofday(bench_timeval *tv, void *tz);
]])
local tv = ffi.new("bench_timeval")
local function now_us()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000000 + tonumber(tv.tv_usec)
end

local lines = {}
local headers = {}
local max_requests = 0
local sent = 0
local received = 0
statuses = {}
first_us = 0
last_us = 0
capped = 0

local function split(s, sep)
  local out = {}
  for part in (s .. sep):gmatch("(.-)" .. sep) do
    table.insert(out, part)
  end
  return out
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_REQUESTS"), "r"))
  for line in file:lines() do
    if line ~= "" then
      local f = split(line, "\t")
      table.insert(lines, { method = f[1], path = f[2], body = f[3] })
    end
  end
  file:close()
  assert(#lines > 0, "BENCH_REQUESTS holds no request")
  for h in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
    local name, value = h:match("^([^:]+):%s*(.*)$")
    if name then
      headers[name] = value
    end
  end
  max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "0") or 0
  -- Threads start at different places of the list so that they do not ask for the same rows together.
  sent = (id or 0) * 7919
end

function request()
  if first_us == 0 then
    first_us = now_us()
  end
  local r = lines[sent % #lines + 1]
  sent = sent + 1
  if r.body and r.body ~= "" then
    return wrk.format(r.method, r.path, headers, r.body)
  end
  return wrk.format(r.method, r.path, headers)
end

function response(status, resp_headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  received = received + 1
  last_us = now_us()
  if max_requests > 0 and received >= max_requests then
    capped = 1
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local counts = {}
  local first, last, stopped = nil, 0, 0
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses") or {}
    for k, v in pairs(s) do
      counts[k] = (counts[k] or 0) + v
    end
    local f = thread:get("first_us") or 0
    if f > 0 and (first == nil or f < first) then
      first = f
    end
    last = math.max(last, thread:get("last_us") or 0)
    stopped = stopped + (thread:get("capped") or 0)
  end
  local active = (first and last > first) and (last - first) or summary.duration
  local parts = {}
  for k, v in pairs(counts) do
    table.insert(parts, string.format('"%s": %d', k, v))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "active_us": %d, "capped_threads": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"min": %d, "mean": %.1f, "max": %d, "p50": %d, "p95": %d, "p99": %d}, '
      .. '"statuses": {%s}}\n',
    summary.requests, summary.duration, active, stopped, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.max,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    table.concat(parts, ", ")
  ))
end
