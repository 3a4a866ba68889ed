-- GET /v1/users/u<n>/tags for n = FIRST .. FIRST+COUNT-1 in turn (S3: every request a different key).
-- wrk ... -s bench/wrk/accounts.lua URL -- FIRST COUNT
local first, count, i = 0, 1, 0

function init(args)
  first = tonumber(args[1] or "0")
  count = tonumber(args[2] or "1")
  i = 0
end

function request()
  local path = "/v1/users/u" .. (first + i) .. "/tags"
  i = (i + 1) % count
  return wrk.format("GET", path)
end
