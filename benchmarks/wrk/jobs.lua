-- The load of benchmarks/run: GET requests rotating over (path, bearer token) targets, the next one on every
-- request, so every user's entry is read and no case can win by answering one hot key. Every request carries
-- Accept-Encoding: gzip, as browsers and HTTP libraries send it.
--
--   wrk -t1 -c32 -d10s --latency -s benchmarks/wrk/jobs.lua http://127.0.0.1:PORT -- TARGETS_FILE
--
-- TARGETS_FILE has one "path token" pair per line. done() prints one line that benchmarks/run reads:
--   JOBCACHE_WRK requests=N seconds=S rps=R p50_ms=.. p99_ms=.. p999_ms=.. max_ms=.. errors=E

local thread_count = 0

function setup(thread)
   -- threads start at different targets so that they do not walk the same users in step
   thread:set("first_target", thread_count)
   thread_count = thread_count + 1
end

function init(args)
   -- built once here: formatting a request per call would cost wrk more than some cases cost the server
   requests = {}
   for line in io.lines(args[1]) do
      local path, token = line:match("^(%S+)%s+(%S+)$")
      requests[#requests + 1] = wrk.format("GET", path, {
         ["Host"] = wrk.headers["Host"],
         ["Authorization"] = "Bearer " .. token,
         ["Accept-Encoding"] = "gzip",
      })
   end
   next_target = ((first_target or 0) * 7) % #requests
end

function request()
   next_target = next_target % #requests + 1
   return requests[next_target]
end

-- no response() on purpose: defining one hands every header and body to Lua. wrk counts statuses above 399 as
-- errors.status; no case answers 1xx or 3xx to these requests (they carry no If-None-Match).
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "JOBCACHE_WRK requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f errors=%d\n",
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
      latency.max / 1000, e.connect + e.read + e.write + e.timeout + e.status))
end
