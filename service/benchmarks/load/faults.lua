-- One READ fault per request at a random page of a 1 GiB region (thread th-1 of the lab in $LAB).
-- Every fault resolves and installs its mapping; 2^18 pages keep most faults new.
local lab = os.getenv("LAB")
local pages = 262144

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  local addr = string.format("0x%x", math.random(0, pages - 1) * 4096)
  return wrk.format("POST", "/api/v1/labs/" .. lab .. "/threads/th-1/faults",
    {["Content-Type"] = "application/json"}, '{"addr":"' .. addr .. '","type":"READ"}')
end
