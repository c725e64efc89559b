-- Requests for wrk from a file, one per line, tab-separated:
--   METHOD  PATH  BODY  Header: value  Header: value ...
-- Thread i sends lines i, i+T, i+2T... (T threads), so no two threads send the
-- same one-time form. Every status code is counted, and the summary is printed
-- as one JSON line that bench.load parses.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for item in (line .. "\t"):gmatch("([^\t]*)\t") do
    table.insert(fields, item)
  end
  return fields
end

function init(args)
  requests = {}
  stride = tonumber(args[2])
  position = id
  statuses = {}
  for line in io.lines(args[1]) do
    local fields = split(line)
    local headers = {}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    for i = 4, #fields do
      local name, value = fields[i]:match("^([^:]+):%s*(.*)$")
      if name then
        headers[name] = value
      end
    end
    local body = fields[3]
    if body == "" then
      body = nil
    end
    table.insert(requests, wrk.format(fields[1], fields[2], headers, body))
  end
end

function request()
  local r = requests[(position % #requests) + 1]
  position = position + stride
  return r
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      totals[status] = (totals[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(totals) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"statuses": {%s}, "latency_us": {"p50": %.0f, "p90": %.0f, "p99": %.0f, ' ..
    '"max": %.0f, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.timeout, table.concat(parts, ", "),
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
