-- POST /v1/tags/lookup with the accounts u<FIRST> .. u<FIRST+COUNT-1> in every request (S2 with wrk).
-- BENCH_FIRST=0 BENCH_COUNT=100 wrk ... -s bench/wrk/lookup.lua URL
-- Set at the top level, not in init(), so that wrk keeps its static, prebuilt request.
local first = tonumber(os.getenv("BENCH_FIRST") or "0")
local count = tonumber(os.getenv("BENCH_COUNT") or "100")
local accounts = {}
for n = first, first + count - 1 do
  accounts[#accounts + 1] = '"u' .. n .. '"'
end
wrk.method = "POST"
wrk.path = "/v1/tags/lookup"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"accounts":[' .. table.concat(accounts, ",") .. ']}'
