-- One READ fault per request, like faults.lua, but each wrk thread posts to its own lab: the labs in $LABS
-- (comma-separated), one per thread in turn. Requests of different labs can share a group commit; those of one lab
-- take turns at the lab.
local labs = {}
for lab in string.gmatch(os.getenv("LABS"), "[^,]+") do table.insert(labs, lab) end
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("lab", labs[(threads - 1) % #labs + 1])
end

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  local addr = string.format("0x%x", math.random(0, 262143) * 4096)
  return wrk.format("POST", "/api/v1/labs/" .. lab .. "/threads/th-1/faults",
    {["Content-Type"] = "application/json"}, '{"addr":"' .. addr .. '","type":"READ"}')
end
