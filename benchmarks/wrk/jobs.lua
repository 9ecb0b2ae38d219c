-- The load of benchmarks/run: GET requests rotating over a list of (path, bearer token) targets, the next target on
-- every request, so that all 50 users' entries are read and no case can win by answering one hot key. Every request
-- carries Accept-Encoding: gzip, as browsers and HTTP libraries send it.
--
--   wrk -t1 -c32 -d10s -s benchmarks/wrk/jobs.lua http://127.0.0.1:PORT -- TARGETS.lua
--
-- TARGETS.lua is written by LoadComparison for each run (the tokens are generated per run) and returns a table of
-- {path = "...", token = "..."}. done() prints one line, "JOBCACHE_WRK {json}", which LoadComparison parses.

local thread_count = 0

function setup(thread)
   -- threads start at different targets so that they do not walk the same users in step
   thread:set("first_target", thread_count)
   thread_count = thread_count + 1
end

function init(args)
   local targets = dofile(args[1])
   -- built once here: formatting a request per call would cost wrk more than some cases cost the server
   requests = {}
   for i, target in ipairs(targets) do
      requests[i] = wrk.format("GET", target.path, {
         ["Host"] = wrk.headers["Host"],
         ["Authorization"] = "Bearer " .. target.token,
         ["Accept-Encoding"] = "gzip",
      })
   end
   next_target = ((first_target or 0) * 7) % #requests
end

function request()
   next_target = next_target % #requests + 1
   return requests[next_target]
end

-- no response() function on purpose: defining one makes wrk hand every header and body to Lua. wrk counts status
-- codes above 399 as errors.status; none of the cases answers 1xx or 3xx to these requests (no If-None-Match).
function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      'JOBCACHE_WRK {"requests":%d,"durationUs":%d,"bytes":%d,"requestsPerSecond":%.2f,'
         .. '"latencyUs":{"mean":%.2f,"p50":%.1f,"p99":%.1f,"p999":%.1f,"max":%.1f},'
         .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d}}\n',
      summary.requests, summary.duration, summary.bytes, summary.requests / (summary.duration / 1e6),
      latency.mean, latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max,
      errors.connect, errors.read, errors.write, errors.timeout, errors.status))
end
